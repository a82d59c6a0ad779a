/* Decoding with Zydis 4: a linear sweep that maps each instruction to a
 * row of the ISA-set table. */
#include <Zydis/Zydis.h>
#include <pthread.h>

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

void decode_sweep(const uint8_t *data, size_t size, uint64_t address,
		  instruction_fn fn, void *ctx, struct decode_stats *stats)
{
	pthread_once(&init_once, init);
	size_t at = 0;
	while (at < size) {
		ZydisDecodedInstruction insn;
		ZyanStatus st = ZydisDecoderDecodeInstruction(
		    &decoder, NULL, data + at, size - at, &insn);
		if (!ZYAN_SUCCESS(st)) {
			stats->undecodable_bytes++;
			at++;
			continue;
		}
		stats->instructions++;
		struct instruction out = {
		    .address = address + at,
		    .length = insn.length,
		    .isa = isa_of_zydis[insn.meta.isa_set],
		    .mnemonic = ZydisMnemonicGetString(insn.mnemonic),
		};
		fn(ctx, &out);
		at += insn.length;
	}
}
