# Sourced by bin/autoglm and the benchmarks: native settings for the JVM that trains.
#
# One OpenBLAS thread. MLlib (the baseline) would load the system's BLAS (libblas.so.3, often
# OpenBLAS) into the JVM, and from then on libtorch's dense products would run in it too. The jobs
# stop that (lib/.../train/SystemBlas.java); if a user points MLlib at OpenBLAS again, OpenBLAS
# spreads each product over every core with workers that spin in sched_yield, whatever thread
# count a trial set: two one-thread trials side by side took 45-50 ms a GAT epoch instead of 22-24
# (Cora, 2 cores). Spark gives executors OMP_NUM_THREADS = spark.task.cpus for the same reason
# (SPARK-41188).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
#
# glibc malloc settings.
# By default glibc gives tensors over a few MB their own mmap and returns freed heap to the OS, so
# every training step page-faults its big temporaries in again: on Cora a GCN epoch's evaluation
# drifted from 2.3 to 5 ms within a run, and a 200-epoch trial took 2.6-3.4 s instead of 1.5-1.9.
# Fixed thresholds keep that memory in the process (its peak use, not more). They govern only the
# main arena: every other thread (a JVM's trials all run on such threads) gets an arena of 64 MB
# heaps that glibc unmaps as soon as one is empty, so a wide GAT's 48 MB edge messages (114 x 8
# heads on Cora) were faulted in again every step: 274 ms an epoch, 108 ms with one arena
# (bench/arena.sh). The list lives in lib/.../train/NativeEnvironment.java; Spark executors get
# the same values through spark.executorEnv (jobs/.../SparkSessions.java), unit tests through the
# parent pom's surefire configuration. Set them to override.
# A JVM that only scores (sourced with "predict": bin/autoglm predict) keeps glibc's own thresholds:
# a batch's tensors are freed once, in sizes that vary with its neighbourhoods, and with the fixed
# thresholds the arena kept every free chunk (1.75 GB scoring 500,000 nodes, 0.74-0.90 GB without).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
if [[ "${1:-}" != predict ]]; then
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-67108864}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-536870912}"
fi
