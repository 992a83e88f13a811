# lib.sh - what the benchmarks share (sourced): the wall clock and the
# medians of their runs. The machines are shared and noisy: a benchmark
# reports medians, never single times.

# Seconds since the epoch, with nanoseconds: t1 - t0 through bc.
now() { date +%s.%N; }

# The median of the numbers on stdin, one a line: the middle one, or the
# mean of the two middle ones for an even count.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The lower median: always one of the measured times (the same as median
# for an odd count, as the default RUNS are).
median_low() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
