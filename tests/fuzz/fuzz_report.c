/*
 * fuzz_report.c - libFuzzer target for the reporters (see
 * fuzz_report_input.h). Needs JCSTAR_DATADIR pointing at data/ when run
 * outside the source tree (category texts, threat-model tables).
 */
#include "fuzz_report_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_report_one(d, n);
	return 0;
}
