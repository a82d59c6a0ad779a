/* libFuzzer target: named symbol look-ups (elf_dynamic_lookup) in any
 * file a process may map, through its GNU hash table or without one. */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "code/code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz", 0)) < 0)
		return 0;
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	static const char *const names[] = {"malloc", "sysvhash_value",
					    "plugin_kernel", "", "x"};
	uint64_t load, at[5];
	for (uint64_t offset = 0; offset <= 8192; offset += 4096)
		elf_dynamic_lookup(fd, offset, &load, names, 5, at);
	return 0;
}
