//go:build amd64 && !purego

#include "textflag.h"

// func dotHalfAVX(q *float32, h *uint16, n int) float32
//
// 32 components an iteration: four VCVTPH2PS widen 8 halves each to float32
// and four FMAs accumulate into independent registers (hiding the FMA
// latency); the four are summed at the end.
TEXT ·dotHalfAVX(SB), NOSPLIT, $0-28
	MOVQ q+0(FP), SI
	MOVQ h+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

loop:
	VCVTPH2PS   (DI), Y2
	VCVTPH2PS   16(DI), Y3
	VCVTPH2PS   32(DI), Y4
	VCVTPH2PS   48(DI), Y5
	VFMADD231PS (SI), Y2, Y0
	VFMADD231PS 32(SI), Y3, Y1
	VFMADD231PS 64(SI), Y4, Y6
	VFMADD231PS 96(SI), Y5, Y7
	ADDQ        $64, DI
	ADDQ        $128, SI
	SUBQ        $32, CX
	JNZ         loop

	VADDPS       Y1, Y0, Y0
	VADDPS       Y7, Y6, Y6
	VADDPS       Y6, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VHADDPS      X0, X0, X0
	VHADDPS      X0, X0, X0
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET
