import CBLAS

extension FlowProblem {
    /// Above this many multiply-adds per forward pass (`n·d·l`) the loss and
    /// gradient use OpenBLAS `cblas_dgemm`; below it plain loops are faster.
    public static let blasThreshold = 1 << 16

    /// `lossAndGradient` with matrix products (same values up to rounding):
    /// `Z = X W1ᵀ + b1`, `F = σ(Z) W2ᵀ + b2`, `∇W2 = Rᵀσ(Z)/n`,
    /// `G = (R W2) ⊙ σ'(Z)/n`, `∇W1 = Gᵀ X`, `∇b1 = 1ᵀG`, `∇b2 = 1ᵀR/n`.
    /// `Z = X W1ᵀ + b1` (`n × l`) with one `cblas_dgemm`.
    func preactivationsBLAS(_ theta: [Double]) -> [Double] {
        let n = Int32(samples), di = Int32(d), li = Int32(l)
        var z = [Double](repeating: 0, count: samples * l)
        theta.withUnsafeBufferPointer { t in
            inputs.withUnsafeBufferPointer { x in
                z.withUnsafeMutableBufferPointer { zb in
                    guard let tb = t.baseAddress, let xb = x.baseAddress, let zp = zb.baseAddress else { return }
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, li, di, 1, xb, di, tb + w1Offset, di, 0, zp, li)
                }
            }
        }
        if hiddenBias {
            theta.withUnsafeBufferPointer { t in
                z.withUnsafeMutableBufferPointer { zb in
                    for i in 0..<samples { for k in 0..<l { zb[i * l + k] += t[b1Offset + k] } }
                }
            }
        }
        return z
    }

    func lossAndGradientBLAS(_ theta: [Double]) -> (loss: Double, gradient: [Double]) {
        let n = Int32(samples), li = Int32(l), ei = Int32(e)
        let z = preactivationsBLAS(theta)
        let h = z.map(activate)
        var f = [Double](repeating: 0, count: samples * e)
        if outputBias { for i in 0..<samples { for o in 0..<e { f[i * e + o] = theta[b2Offset + o] } } }
        theta.withUnsafeBufferPointer { t in
            h.withUnsafeBufferPointer { hb in
                f.withUnsafeMutableBufferPointer { fb in
                    guard let tb = t.baseAddress, let hp = hb.baseAddress, let fp = fb.baseAddress else { return }
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, ei, li, 1, hp, li, tb + w2Offset, li, 1, fp, ei)
                }
            }
        }
        var (lossValue, residual) = lossAndResidual(f)
        let inverse = 1 / Double(samples)
        var gradient = [Double](repeating: 0, count: dimension)
        var back = [Double](repeating: 0, count: samples * l)
        theta.withUnsafeBufferPointer { t in
            residual.withUnsafeBufferPointer { rb in
                h.withUnsafeBufferPointer { hb in
                    back.withUnsafeMutableBufferPointer { bb in
                        gradient.withUnsafeMutableBufferPointer { gb in
                            guard let tb = t.baseAddress, let rp = rb.baseAddress, let hp = hb.baseAddress,
                                  let bp = bb.baseAddress, let gp = gb.baseAddress else { return }
                            // ∇W2 (e × l) = (1/n) Rᵀ H.
                            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, ei, li, n, inverse, rp, ei, hp, li, 0, gp + w2Offset, li)
                            // B (n × l) = R W2.
                            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, li, ei, 1, rp, ei, tb + w2Offset, li, 0, bp, li)
                        }
                    }
                }
            }
        }
        for index in back.indices { back[index] *= derivative(z[index]) * inverse }
        accumulateInputGradient(back, into: &gradient)
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        return (lossValue, gradient)
    }
}

extension FlowProblem {
    /// `∇W1 += Gᵀ X` (`l × d`) and `∇b1 += 1ᵀ G` for `G` (`n × l`, row-major):
    /// one `cblas_dgemm` above `blasThreshold`, plain loops (skipping zero
    /// entries of `G`) below it.
    func accumulateInputGradient(_ g: [Double], into gradient: inout [Double]) {
        accumulateInputWeights(g, into: &gradient)
        if hiddenBias {
            g.withUnsafeBufferPointer { gb in
                gradient.withUnsafeMutableBufferPointer { out in
                    for i in 0..<samples { for k in 0..<l { out[b1Offset + k] += gb[i * l + k] } }
                }
            }
        }
    }
}
