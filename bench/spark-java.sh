# Sourced by the Spark benchmarks: builds the bench module and defines spark_java, a java with
# the bench classpath and the JDK internals Spark reaches into opened (Java 17).
# The machine's load (1, 5, 15 minutes) before the benchmark builds and starts; on 2 cores a
# figure taken at a load above 2 measures the other work, not ours.
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
mvn -q -B -DskipTests package -pl bench -am >&2
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
spark_java() {
  # shellcheck disable=SC2086
  java $OPENS -cp "$CP" "$@"
}
load_line() {
  echo "Load average (1/5/15 min): $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
}
settle_load() {
  # After a Spark stage the 1-minute load stays high for a minute: wait (up to 3 minutes) until it
  # falls below 1, so the timing after it is not taken beside the stage's echo.
  for _ in $(seq 36); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && return 0
    sleep 5
  done
}
