// Thin C shim over GMP: the mpz_/mpq_ names are macros Swift cannot import,
// and a few accessors (sgn, numref, denref) exist only as macros.
#ifndef RELUTOPO_CGMP_SHIM_H
#define RELUTOPO_CGMP_SHIM_H
#include <gmp.h>

static inline int cgmp_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int cgmp_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline mpz_ptr cgmp_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr cgmp_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr cgmp_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr cgmp_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
/// Number of limbs in use (absolute value of _mp_size).
static inline long cgmp_mpz_limb_count(mpz_srcptr z) { return z->_mp_size < 0 ? -(long)z->_mp_size : (long)z->_mp_size; }
static inline const mp_limb_t *cgmp_mpz_limbs(mpz_srcptr z) { return z->_mp_d; }
#endif
