/* Decoding with Zydis 4: one instruction at a time or a linear sweep. Each
 * instruction is mapped to a row of the ISA-set table and to what it does
 * to control flow, which is all the analysis needs. */
#include <Zydis/Zydis.h>
#include <pthread.h>
#include <string.h>

#include "code/code.h"
#include "cpu/feature_model.h"

/* Zydis ISA-set enum -> isa_table row, and mnemonic -> name, built once:
 * a walk unpacks hundreds of thousands of records. */
static int isa_of_zydis[ZYDIS_ISA_SET_MAX_VALUE + 1];
static bool baseline_zydis[ZYDIS_ISA_SET_MAX_VALUE + 1];
static const char *mnemonic_name[ZYDIS_MNEMONIC_MAX_VALUE + 1];
static ZydisDecoder decoder;
_Static_assert(ZYDIS_ISA_SET_MAX_VALUE <= UINT8_MAX,
	       "a record's ISA set is a byte");
_Static_assert(sizeof(struct decode_record) == 16, "a record stays small");
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool ready;

static void init(void)
{
	ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64,
			 ZYDIS_STACK_WIDTH_64);
	/* Minimal mode skips the operand and flag semantics nothing here
	 * reads; what is read (length, mnemonic, meta's ISA set and
	 * category, raw fields, ZYDIS_ATTRIB_HAS_MODRM) is the same in both
	 * modes, which test_decode checks byte by byte on real code. */
	ZydisDecoderEnableMode(&decoder, ZYDIS_DECODER_MODE_MINIMAL, ZYAN_TRUE);
	for (int v = 0; v <= ZYDIS_ISA_SET_MAX_VALUE; v++) {
		const char *name = ZydisISASetGetString((ZydisISASet)v);
		isa_of_zydis[v] = name ? isa_find(name) : -1;
		baseline_zydis[v] =
		    isa_of_zydis[v] >= 0 && isa_table[isa_of_zydis[v]].baseline;
	}
	for (int m = 0; m <= ZYDIS_MNEMONIC_MAX_VALUE; m++)
		mnemonic_name[m] = ZydisMnemonicGetString((ZydisMnemonic)m);
	__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
}

/* pthread_once, without its call once the tables are built. */
static inline void start(void)
{
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		pthread_once(&init_once, init);
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

/* Instructions Zydis 4.0 does not decode, whose ISA set is known: fixed
 * byte patterns, one row each, with the source that defines them. They
 * take no operand from their encoding (PadLock's operands are implicit
 * registers) and flow on to the next instruction. */
static const struct known_opcode {
	uint8_t bytes[4];
	const char *mnemonic, *isa;
} known_opcodes[] = {
    /* VIA PadLock PHE v2 (Zhaoxin): XSHA384, XSHA512. OpenSSL's
     * e_padlock and libgnutls's padlock code emit them as .byte; Linux
     * drivers/crypto/padlock-sha.c (Zhaoxin's PHE2 patches). */
    {{0xf3, 0x0f, 0xa6, 0xd8}, "xsha384", "PADLOCK_PHE2"},
    {{0xf3, 0x0f, 0xa6, 0xe0}, "xsha512", "PADLOCK_PHE2"},
    /* Zhaoxin GMI (CCS): SM3 hash and SM4 cipher; Zhaoxin's
     * sm3-zhaoxin-gmi.c and sm4-zhaoxin-gmi.c Linux drivers. */
    {{0xf3, 0x0f, 0xa6, 0xe8}, "ccs_hash", "ZHAOXIN_GMI_CCS"},
    {{0xf3, 0x0f, 0xa7, 0xf0}, "ccs_encrypt", "ZHAOXIN_GMI_CCS"},
};

/* One of known_opcodes at `data`, or -1. z->length stays 0: no Zydis
 * instruction stands behind it (decode_pack does not keep it). */
static int decode_known(const uint8_t *data, size_t size, uint64_t address,
			struct instruction *out, ZydisDecodedInstruction *z)
{
	for (size_t i = 0; i < sizeof known_opcodes / sizeof known_opcodes[0];
	     i++) {
		const struct known_opcode *k = &known_opcodes[i];
		if (size < sizeof k->bytes ||
		    memcmp(data, k->bytes, sizeof k->bytes))
			continue;
		memset(out, 0, sizeof *out);
		memset(z, 0, sizeof *z);
		out->address = address;
		out->length = sizeof k->bytes;
		out->isa = isa_find(k->isa);
		out->mnemonic = k->mnemonic;
		out->flow = FLOW_NEXT;
		return 0;
	}
	return -1;
}

static int decode(const uint8_t *data, size_t size, uint64_t address,
		  struct instruction *out, ZydisDecodedInstruction *z)
{
	start();
	if (!ZYAN_SUCCESS(
		ZydisDecoderDecodeInstruction(&decoder, NULL, data, size, z)))
		return decode_known(data, size, address, out, z);
	memset(out, 0, sizeof *out);
	out->address = address;
	out->length = z->length;
	out->isa = isa_of_zydis[z->meta.isa_set];
	out->mnemonic = mnemonic_name[z->mnemonic];
	out->flow = flow_of(z);
	out->is_lea = z->mnemonic == ZYDIS_MNEMONIC_LEA;
	out->is_cmp = z->mnemonic == ZYDIS_MNEMONIC_CMP;
	operands_of(z, address, out);
	out->indirect = (out->flow == FLOW_CALL || out->flow == FLOW_JUMP) &&
			!out->has_target;
	return 0;
}

int decode_one(const uint8_t *data, size_t size, uint64_t address,
	       struct instruction *out)
{
	ZydisDecodedInstruction z;
	return decode(data, size, address, out, &z);
}

/* ------------------------------------------------------------- records */

enum {
	RECORD_INDIRECT = 1,
	RECORD_LEA = 2,
	RECORD_CMP = 4,
	RECORD_TARGET = 8,
	RECORD_IMM = 16,
	RECORD_IMM_ZERO_EXTENDED = 32,
	RECORD_NOT_KEPT = 64, /* does not fit: decode the bytes again */
};

/* Checked, not trusted: records come from a file. */
static bool well_formed(const struct decode_record *rec)
{
	return !(rec->flags & RECORD_NOT_KEPT) && rec->length &&
	       rec->length <= ZYDIS_MAX_INSTRUCTION_LENGTH &&
	       rec->flow <= FLOW_STOP && rec->memory <= MEMORY_OTHER &&
	       rec->isa_set <= ZYDIS_ISA_SET_MAX_VALUE &&
	       rec->mnemonic <= ZYDIS_MNEMONIC_MAX_VALUE;
}

bool decode_unpack(const struct decode_record *rec, uint64_t address,
		   struct instruction *out)
{
	start();
	if (!well_formed(rec))
		return false;
	uint64_t next = address + rec->length;
	memset(out, 0, sizeof *out);
	out->address = address;
	out->length = rec->length;
	out->isa = isa_of_zydis[rec->isa_set];
	out->mnemonic = mnemonic_name[rec->mnemonic];
	out->flow = (enum flow)rec->flow;
	out->indirect = rec->flags & RECORD_INDIRECT;
	out->is_lea = rec->flags & RECORD_LEA;
	out->is_cmp = rec->flags & RECORD_CMP;
	out->has_target = rec->flags & RECORD_TARGET;
	if (out->has_target)
		out->target = next + (uint64_t)(int64_t)rec->rel;
	out->memory = (enum memory_operand)rec->memory;
	if (out->memory == MEMORY_RIP)
		out->memory_address = next + (uint64_t)(int64_t)rec->rel;
	else if (out->memory == MEMORY_ABSOLUTE || out->memory == MEMORY_TABLE)
		out->memory_address = (uint64_t)(int64_t)rec->rel;
	out->has_imm = rec->flags & RECORD_IMM;
	if (out->has_imm) {
		out->imm_size = rec->imm_size;
		out->imm = rec->flags & RECORD_IMM_ZERO_EXTENDED
			       ? (uint64_t)(uint32_t)rec->imm
			       : (uint64_t)(int64_t)rec->imm;
	}
	return true;
}

/* Plain but for its ISA set. */
static bool plain_flow(const struct decode_record *rec,
		       bool imm32_may_be_address)
{
	unsigned imm_bits = rec->flags & RECORD_IMM ? rec->imm_size : 0;
	return well_formed(rec) && rec->flow == FLOW_NEXT &&
	       (rec->memory == MEMORY_NONE || rec->memory == MEMORY_OTHER) &&
	       !(rec->flags & (RECORD_TARGET | RECORD_INDIRECT)) &&
	       !((rec->flags & RECORD_CMP) && imm_bits) &&
	       (imm_bits < 32 || (imm_bits == 32 && !imm32_may_be_address));
}

bool decode_record_plain(const struct decode_record *rec,
			 bool imm32_may_be_address)
{
	start();
	return plain_flow(rec, imm32_may_be_address) &&
	       baseline_zydis[rec->isa_set];
}

int decode_record_plain_isa(const struct decode_record *rec,
			    bool imm32_may_be_address)
{
	start();
	return plain_flow(rec, imm32_may_be_address)
		   ? isa_of_zydis[rec->isa_set]
		   : DECODE_NOT_PLAIN;
}

static bool same(const struct instruction *a, const struct instruction *b)
{
	return a->address == b->address && a->length == b->length &&
	       a->isa == b->isa && a->mnemonic == b->mnemonic &&
	       a->flow == b->flow && a->indirect == b->indirect &&
	       a->is_lea == b->is_lea && a->has_target == b->has_target &&
	       a->target == b->target && a->memory == b->memory &&
	       a->memory_address == b->memory_address &&
	       a->has_imm == b->has_imm && a->imm_size == b->imm_size &&
	       a->imm == b->imm && a->is_cmp == b->is_cmp;
}

int decode_pack(const uint8_t *data, size_t size, uint64_t address,
		struct instruction *out, struct decode_record *rec)
{
	ZydisDecodedInstruction z;
	if (decode(data, size, address, out, &z))
		return -1;
	uint64_t next = address + out->length;
	*rec = (struct decode_record){
	    .length = out->length,
	    .flow = (uint8_t)out->flow,
	    .memory = (uint8_t)out->memory,
	    .imm_size = out->imm_size,
	    .isa_set = (uint8_t)z.meta.isa_set,
	    .mnemonic = (uint16_t)z.mnemonic,
	    .flags = (uint8_t)((out->indirect ? RECORD_INDIRECT : 0) |
			       (out->is_lea ? RECORD_LEA : 0) |
			       (out->is_cmp ? RECORD_CMP : 0) |
			       (out->has_target ? RECORD_TARGET : 0) |
			       (out->has_imm ? RECORD_IMM : 0)),
	    .rel = (int32_t)(out->has_target ? out->target - next
			     : out->memory == MEMORY_RIP
				 ? out->memory_address - next
				 : out->memory_address),
	    .imm = (int32_t)out->imm,
	};
	if (out->imm != (uint64_t)(int64_t)rec->imm)
		rec->flags |= RECORD_IMM_ZERO_EXTENDED;
	/* Only what unpacks to exactly the same instruction is kept: a
	 * 64-bit immediate, or a target and a memory operand together, are
	 * decoded again each time. */
	struct instruction back;
	if (!z.length || !decode_unpack(rec, address, &back) ||
	    !same(out, &back))
		rec->flags |= RECORD_NOT_KEPT;
	return 0;
}

/* The length of the run of zero bytes at data, up to size. */
static size_t zeros_at(const uint8_t *data, size_t size)
{
	size_t n = 0;
	uint64_t w;
	while (n + 8 <= size && (memcpy(&w, data + n, 8), !w))
		n += 8;
	while (n < size && !data[n])
		n++;
	return n;
}

void decode_sweep(const uint8_t *data, size_t size, uint64_t address,
		  instruction_fn fn, void *ctx, struct decode_stats *stats)
{
	size_t at = 0;
	while (at < size) {
		/* Zeros spell `add [rax], al` (00 00) two bytes at a time:
		 * baseline, flowing on, with no operand anything follows, so
		 * fn has nothing to do with them (test_feature_model checks
		 * this). Counted, not decoded: the pages a JIT has not filled
		 * yet are zeros, megabytes of them in a JVM. */
		size_t zeros = at + 1 < size && !data[at] && !data[at + 1]
				   ? zeros_at(data + at, size - at) / 2
				   : 0;
		if (zeros) {
			stats->instructions += zeros;
			at += 2 * zeros;
			continue;
		}
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
	/* Every call's opcode is E8, or FF (with /2 or /3), at least two
	 * bytes before its end: without one of those bytes in reach, no
	 * decode can find a call. Most words that point into code fail
	 * this at once. */
	size_t reach = size < DECODE_CALL_MAX ? size : DECODE_CALL_MAX;
	const uint8_t *window = before + size - reach;
	if (reach < DECODE_CALL_MIN || (!memchr(window, 0xe8, reach - 1) &&
					!memchr(window, 0xff, reach - 1)))
		return false;
	for (size_t len = DECODE_CALL_MIN;
	     len <= DECODE_CALL_MAX && len <= size; len++)
		if (decode_is_call(before + size - len, len))
			return true;
	return false;
}
