// SUNDIALS CVODE (apt: libsundials-dev, 6.x): Adams and BDF with root finding
// and projection, for the smooth stretches of the gradient flow (SPEC §9.2).
#ifndef RELUTOPO_CSUNDIALS_SHIM_H
#define RELUTOPO_CSUNDIALS_SHIM_H
#include <cvode/cvode.h>
#include <cvode/cvode_proj.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>
#endif
