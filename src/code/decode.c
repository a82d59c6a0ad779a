/* Decoding with Zydis 4: one instruction at a time or a linear sweep. Each
 * instruction is mapped to a row of the ISA-set table and to what it does
 * to control flow, which is all the analysis needs. */
#include <Zydis/Zydis.h>
#include <pthread.h>
#include <string.h>

#include "code/code.h"
#include "cpu/feature_model.h"

/* Zydis ISA-set enum -> isa_table row, built once. */
static int isa_of_zydis[ZYDIS_ISA_SET_MAX_VALUE + 1];
static ZydisDecoder decoder;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
	ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64,
			 ZYDIS_STACK_WIDTH_64);
	for (int v = 0; v <= ZYDIS_ISA_SET_MAX_VALUE; v++) {
		const char *name = ZydisISASetGetString((ZydisISASet)v);
		isa_of_zydis[v] = name ? isa_find(name) : -1;
	}
}

static enum flow flow_of(const ZydisDecodedInstruction *z)
{
	switch (z->meta.category) {
	case ZYDIS_CATEGORY_CALL:
		return FLOW_CALL;
	case ZYDIS_CATEGORY_COND_BR:
		return FLOW_BRANCH;
	case ZYDIS_CATEGORY_UNCOND_BR:
		return FLOW_JUMP;
	case ZYDIS_CATEGORY_RET:
		return FLOW_STOP;
	default:
		break;
	}
	switch (z->mnemonic) {
	/* Nothing runs after these on this path. INT3 is not among them:
	 * a debugger or a SIGTRAP handler may resume after it. */
	case ZYDIS_MNEMONIC_UD0:
	case ZYDIS_MNEMONIC_UD1:
	case ZYDIS_MNEMONIC_UD2:
	case ZYDIS_MNEMONIC_HLT:
	case ZYDIS_MNEMONIC_IRET:
	case ZYDIS_MNEMONIC_IRETD:
	case ZYDIS_MNEMONIC_IRETQ:
		return FLOW_STOP;
	default:
		return FLOW_NEXT;
	}
}

/* Fills the operand facts the analysis follows: relative targets,
 * RIP-relative and absolute memory references, immediates. */
static void operands_of(const ZydisDecodedInstruction *z, uint64_t address,
			struct instruction *out)
{
	uint64_t next = address + z->length;
	for (int i = 0; i < 2; i++) {
		if (!z->raw.imm[i].size)
			continue;
		if (z->raw.imm[i].is_relative) {
			out->has_target = true;
			out->target = next + (uint64_t)z->raw.imm[i].value.s;
		} else if (!out->has_imm) {
			out->has_imm = true;
			out->imm_size = z->raw.imm[i].size;
			out->imm = z->raw.imm[i].value.u;
		}
	}
	if (!(z->attributes & ZYDIS_ATTRIB_HAS_MODRM) || z->raw.modrm.mod == 3)
		return;
	/* mod 00, r/m 101 is RIP-relative in 64-bit mode whatever REX.B. */
	if (z->raw.modrm.mod == 0 && z->raw.modrm.rm == 5) {
		out->memory = MEMORY_RIP;
		out->memory_address = next + (uint64_t)z->raw.disp.value;
	} else if (z->raw.modrm.rm == 4 && z->raw.modrm.mod == 0 &&
		   z->raw.sib.base == 5) {
		/* No base: [disp32] or [index*scale + disp32], the form of
		 * non-PIC PLT slots and jump tables. */
		out->memory =
		    z->raw.sib.index == 4 ? MEMORY_ABSOLUTE : MEMORY_TABLE;
		out->memory_address = (uint64_t)z->raw.disp.value;
	} else {
		out->memory = MEMORY_OTHER;
	}
}

int decode_one(const uint8_t *data, size_t size, uint64_t address,
	       struct instruction *out)
{
	pthread_once(&init_once, init);
	ZydisDecodedInstruction z;
	if (!ZYAN_SUCCESS(
		ZydisDecoderDecodeInstruction(&decoder, NULL, data, size, &z)))
		return -1;
	memset(out, 0, sizeof *out);
	out->address = address;
	out->length = z.length;
	out->isa = isa_of_zydis[z.meta.isa_set];
	out->mnemonic = ZydisMnemonicGetString(z.mnemonic);
	out->flow = flow_of(&z);
	out->is_lea = z.mnemonic == ZYDIS_MNEMONIC_LEA;
	out->is_cmp = z.mnemonic == ZYDIS_MNEMONIC_CMP;
	operands_of(&z, address, out);
	out->indirect = (out->flow == FLOW_CALL || out->flow == FLOW_JUMP) &&
			!out->has_target;
	return 0;
}

void decode_sweep(const uint8_t *data, size_t size, uint64_t address,
		  instruction_fn fn, void *ctx, struct decode_stats *stats)
{
	size_t at = 0;
	while (at < size) {
		struct instruction insn;
		if (decode_one(data + at, size - at, address + at, &insn)) {
			stats->undecodable_bytes++;
			at++;
			continue;
		}
		stats->instructions++;
		fn(ctx, &insn);
		at += insn.length;
	}
}

bool decode_is_call(const uint8_t *data, size_t len)
{
	struct instruction insn;
	return !decode_one(data, len, 0, &insn) && insn.length == len &&
	       insn.flow == FLOW_CALL;
}

bool decode_follows_call(const uint8_t *before, size_t size)
{
	for (size_t len = DECODE_CALL_MIN;
	     len <= DECODE_CALL_MAX && len <= size; len++)
		if (decode_is_call(before + size - len, len))
			return true;
	return false;
}
