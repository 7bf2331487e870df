# reembed: make run (the demo), make serve (the orchestrator on port 8080), make test (every test),
# make bench (throughput and memory figures).
MVN ?= mvn -B -q
# Benchmark settings, e.g. make bench BENCH_OPTS='-Dbench.scenarios=pipeline -Dbench.stores=lucene'
BENCH_OPTS ?=
JAR := target/reembed.jar
SOURCES := $(shell find src/main -type f) pom.xml

.PHONY: run serve test bench jar clean

run: $(JAR)
	java -jar $(JAR) demo

serve: $(JAR)
	java -jar $(JAR) serve

test:
	$(MVN) test

jar: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

bench:
	$(MVN) -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	java $(BENCH_OPTS) -cp target/test-classes:target/classes:$$(cat target/bench.classpath) io.reembed.bench.Benchmarks

clean:
	$(MVN) clean
	rm -rf data
