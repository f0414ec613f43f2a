#!/usr/bin/env python3
"""Reference values for InitSweepsTests, computed at development time with
independent code (mpmath at 50 digits; a plain-Python xoshiro256++).

    python3 Tests/Fixtures/probabilities/make_reference_tables.py

writes incomplete_beta.csv and xoshiro256pp.txt next to this script.
"""
import os
from fractions import Fraction
import mpmath

mpmath.mp.dps = 50
here = os.path.dirname(os.path.abspath(__file__))

# I_x(a, b) with x = num/den exactly; a = m/2, b = e/2 as relutopo uses them,
# plus the x of the Kaiming (d/(d+l)) and Xavier ((d+l)/(d+2l+e)) normal schemes.
cases = []
for m in [1, 2, 3, 5, 10, 21, 50, 101, 400, 785, 2000]:
    for e in [1, 2, 3, 10]:
        for num, den in [(1, 1000), (1, 10), (3, 10), (1, 2), (7, 10), (9, 10), (999, 1000)]:
            cases.append((m, e, num, den))
for d in [1, 2, 5, 10, 20, 50, 100, 784]:
    for l in [1, 2, 5, 10, 20, 50, 100, 4096]:
        cases.append((d, 1, d, d + l))                       # kaiming_normal, e = 1
        x = Fraction(d + l, d + 2 * l + 1)                   # xavier_normal, e = 1
        cases.append((d, 1, x.numerator, x.denominator))
with open(os.path.join(here, "incomplete_beta.csv"), "w") as out:
    out.write("m,e,x_numerator,x_denominator,I_x(m/2;e/2)\n")
    for m, e, num, den in cases:
        value = mpmath.betainc(mpmath.mpf(m) / 2, mpmath.mpf(e) / 2, 0, mpmath.mpf(num) / den, regularized=True)
        out.write(f"{m},{e},{num},{den},{mpmath.nstr(value, 25, min_fixed=1, max_fixed=0)}\n")

MASK = (1 << 64) - 1
def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)
def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK
def xoshiro256pp(seed):
    g = splitmix64(seed)
    s = [next(g) for _ in range(4)]
    while True:
        result = (rotl((s[0] + s[3]) & MASK, 23) + s[0]) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result
with open(os.path.join(here, "xoshiro256pp.txt"), "w") as out:
    out.write("# seed: first 8 outputs of xoshiro256++ seeded with 4 SplitMix64 outputs (hex)\n")
    for seed in [0, 1, 42, 0xFFFFFFFFFFFFFFFF]:
        g = xoshiro256pp(seed)
        out.write(f"{seed}: " + " ".join(f"{next(g):016x}" for _ in range(8)) + "\n")
