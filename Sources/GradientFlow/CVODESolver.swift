import CSundials

/// Linear multistep families of CVODE (SPEC §9.2).
public enum CVODEMethod: String, Sendable {
    /// Adams–Moulton (orders 1–12), fixed-point iteration: non-stiff stretches.
    case adams
    /// BDF (orders 1–5), Newton with a dense difference-quotient Jacobian: stiff stretches, long horizons.
    case bdf
}

/// Errors from the SUNDIALS layer (not input errors: a failed integration).
public struct CVODEError: Error, Sendable, CustomStringConvertible {
    public let function: String
    public let code: Int32
    public var description: String { "CVODE: \(function) failed with flag \(code)" }
}

/// A CVODE integrator for `y' = f(t, y)` with optional root functions `g(t, y)`
/// (CVODE's root finding locates sign changes) and an optional projection
/// applied after each step (CVODE's projection interface).
///
/// Ownership: the class owns every SUNDIALS object and frees them in `deinit`.
/// Swift closures reach the C callbacks through `user_data` (an unretained
/// pointer to this object, valid for the object's lifetime).
public final class CVODESolver {
    public typealias RightHandSide = (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    public typealias RootFunctions = (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    /// Writes the projected state over the given one.
    public typealias Projection = (Double, UnsafeMutablePointer<Double>) -> Void

    public let dimension: Int
    let rhs: RightHandSide
    let roots: RootFunctions?
    let rootCount: Int
    let projection: Projection?
    /// Whether CVODE accepted the projection (SUNDIALS may restrict it to BDF).
    public private(set) var projectionActive = false

    private var context: SUNContext?
    private var memory: UnsafeMutableRawPointer?
    private var state: N_Vector?
    /// Receives `interpolatedState(at:)`.
    private var interpolation: N_Vector?
    private var matrix: SUNMatrix?
    /// BDF's Newton iterations use a dense difference-quotient Jacobian up to
    /// this dimension and matrix-free GMRES above it: a dense Jacobian costs one
    /// field evaluation per column (on breast cancer with l = 8, D = 257, BDF
    /// spent 883 k evaluations to t = 200 against dopri5's 20 k).
    public static let largestDenseDimension = 64
    private var linearSolver: SUNLinearSolver?
    private var nonlinearSolver: SUNNonlinearSolver?
    private var scratch: [Double]

    public init(method: CVODEMethod, dimension: Int, relativeTolerance: Double, absoluteTolerance: Double,
                t0: Double, y0: [Double], rhs: @escaping RightHandSide,
                rootCount: Int = 0, roots: RootFunctions? = nil, projection: Projection? = nil) throws(CVODEError) {
        precondition(y0.count == dimension, "state size")
        self.dimension = dimension
        self.rhs = rhs
        self.roots = roots
        self.rootCount = roots == nil ? 0 : rootCount
        self.projection = projection
        self.scratch = [Double](repeating: 0, count: dimension)
        func check(_ flag: Int32, _ function: String) throws(CVODEError) {
            if flag < 0 { throw CVODEError(function: function, code: flag) }
        }
        var ctx: SUNContext?
        try check(SUNContext_Create(nil, &ctx), "SUNContext_Create")
        context = ctx
        guard let state = N_VNew_Serial(sunindextype(dimension), ctx), let data = N_VGetArrayPointer(state) else {
            throw CVODEError(function: "N_VNew_Serial", code: -1)
        }
        self.state = state
        for i in 0..<dimension { data[i] = y0[i] }
        guard let interpolation = N_VNew_Serial(sunindextype(dimension), ctx) else { throw CVODEError(function: "N_VNew_Serial", code: -1) }
        self.interpolation = interpolation
        guard let memory = CVodeCreate(method == .adams ? CV_ADAMS : CV_BDF, ctx) else {
            throw CVODEError(function: "CVodeCreate", code: -1)
        }
        self.memory = memory
        try check(CVodeInit(memory, { t, y, ydot, user in
            guard let user, let y, let ydot, let input = N_VGetArrayPointer(y), let output = N_VGetArrayPointer(ydot) else { return -1 }
            let solver = Unmanaged<CVODESolver>.fromOpaque(user).takeUnretainedValue()
            solver.rhs(t, UnsafePointer(input), output)
            return 0
        }, t0, state), "CVodeInit")
        try check(CVodeSetUserData(memory, Unmanaged.passUnretained(self).toOpaque()), "CVodeSetUserData")
        // Flags are checked here; CVODE's own messages would only clutter stderr.
        _ = CVodeSetErrHandlerFn(memory, { _, _, _, _, _ in }, nil)
        try check(CVodeSStolerances(memory, relativeTolerance, absoluteTolerance), "CVodeSStolerances")
        try check(CVodeSetMaxNumSteps(memory, 1 << 30), "CVodeSetMaxNumSteps")
        switch method {
        case .adams:
            guard let solver = SUNNonlinSol_FixedPoint(state, 0, ctx) else { throw CVODEError(function: "SUNNonlinSol_FixedPoint", code: -1) }
            nonlinearSolver = solver
            try check(CVodeSetNonlinearSolver(memory, solver), "CVodeSetNonlinearSolver")
        case .bdf where dimension <= CVODESolver.largestDenseDimension:
            guard let matrix = SUNDenseMatrix(sunindextype(dimension), sunindextype(dimension), ctx),
                  let linear = SUNLinSol_Dense(state, matrix, ctx) else { throw CVODEError(function: "SUNLinSol_Dense", code: -1) }
            self.matrix = matrix
            self.linearSolver = linear
            try check(CVodeSetLinearSolver(memory, linear, matrix), "CVodeSetLinearSolver")
        case .bdf:
            // Matrix-free Newton–Krylov: GMRES with CVODE's difference-quotient
            // Jacobian-vector products (one field evaluation each).
            guard let linear = SUNLinSol_SPGMR(state, Int32(SUN_PREC_NONE), 0, ctx) else {
                throw CVODEError(function: "SUNLinSol_SPGMR", code: -1)
            }
            self.linearSolver = linear
            try check(CVodeSetLinearSolver(memory, linear, nil), "CVodeSetLinearSolver")
        }
        if self.rootCount > 0 {
            try check(CVodeRootInit(memory, Int32(self.rootCount), { t, y, gout, user in
                guard let user, let y, let gout, let input = N_VGetArrayPointer(y) else { return -1 }
                let solver = Unmanaged<CVODESolver>.fromOpaque(user).takeUnretainedValue()
                solver.roots?(t, UnsafePointer(input), gout)
                return 0
            }), "CVodeRootInit")
        }
        if projection != nil {
            let flag = CVodeSetProjFn(memory, { t, ycur, corr, _, _, user in
                guard let user, let ycur, let corr, let current = N_VGetArrayPointer(ycur), let correction = N_VGetArrayPointer(corr) else { return -1 }
                let solver = Unmanaged<CVODESolver>.fromOpaque(user).takeUnretainedValue()
                // corr = P(y) − y.
                for i in 0..<solver.dimension { solver.scratch[i] = current[i] }
                solver.scratch.withUnsafeMutableBufferPointer { buffer in
                    if let base = buffer.baseAddress { solver.projection?(t, base) }
                }
                for i in 0..<solver.dimension { correction[i] = solver.scratch[i] - current[i] }
                return 0
            })
            projectionActive = flag >= 0
        }
    }

    deinit {
        if memory != nil { CVodeFree(&memory) }
        if let nonlinearSolver { SUNNonlinSolFree(nonlinearSolver) }
        if let linearSolver { SUNLinSolFree(linearSolver) }
        if let matrix { SUNMatDestroy(matrix) }
        if let state { N_VDestroy(state) }
        if let interpolation { N_VDestroy(interpolation) }
        if context != nil { SUNContext_Free(&context) }
    }

    /// The outcome of one internal step.
    public enum StepResult: Sendable, Equatable {
        case step
        /// A root function changed sign; `directions[i]` is ±1 for the functions that did, 0 otherwise.
        case root(directions: [Int32])
        case reachedStop
    }

    /// Advances one internal step (never past `stop`); returns the time reached.
    public func step(toward stop: Double) throws(CVODEError) -> (t: Double, result: StepResult) {
        guard let memory, let state else { throw CVODEError(function: "CVode", code: -1) }
        _ = CVodeSetStopTime(memory, stop)
        var t = 0.0
        let flag = CVode(memory, stop, state, &t, CV_ONE_STEP)
        if flag < 0 { throw CVODEError(function: "CVode", code: flag) }
        if flag == CV_ROOT_RETURN {
            var directions = [Int32](repeating: 0, count: rootCount)
            _ = CVodeGetRootInfo(memory, &directions)
            return (t, .root(directions: directions))
        }
        return (t, flag == CV_TSTOP_RETURN ? .reachedStop : .step)
    }

    /// `y(t)` from CVODE's interpolating polynomial, for t within the last step
    /// (`CVodeGetDky`); nil outside it.
    public func interpolatedState(at t: Double) -> [Double]? {
        guard let memory, let interpolation, let data = N_VGetArrayPointer(interpolation),
              CVodeGetDky(memory, t, 0, interpolation) == CV_SUCCESS else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: dimension))
    }

    /// The current state.
    public var currentState: [Double] {
        guard let state, let data = N_VGetArrayPointer(state) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: dimension))
    }

    /// Right-hand-side evaluations (CVODE's count, difference-quotient Jacobian columns included).
    public var evaluations: Int {
        guard let memory else { return 0 }
        var count = 0, jacobian = 0
        _ = CVodeGetNumRhsEvals(memory, &count)
        if linearSolver != nil { _ = CVodeGetNumLinRhsEvals(memory, &jacobian) }
        return count + jacobian
    }

    public var steps: Int {
        guard let memory else { return 0 }
        var count = 0
        _ = CVodeGetNumSteps(memory, &count)
        return count
    }
}
