# Sourced by bin/autoglm and bench/train.sh: glibc malloc settings for the JVM that trains.
# By default glibc gives tensors over a few MB their own mmap and returns freed heap to the OS, so
# every training step page-faults its big temporaries in again: on Cora a GCN epoch's evaluation
# drifted from 2.3 to 5 ms within a run, and a 200-epoch trial took 2.6-3.4 s instead of 1.5-1.9.
# Fixed thresholds keep that memory in the process (its peak use, not more). Spark executors get
# the same values through spark.executorEnv (jobs/.../SparkSessions.java), unit tests through the
# parent pom's surefire configuration. Set them to override.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-67108864}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-536870912}"
