# reembed: make run (the demo), make test (every test), make bench (throughput and memory figures).
MVN ?= mvn -B -q
JAR := target/reembed.jar
SOURCES := $(shell find src/main -type f) pom.xml

.PHONY: run test bench jar clean

run: $(JAR)
	java -jar $(JAR) demo

test:
	$(MVN) test

jar: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

bench: $(JAR)
	$(MVN) -DskipTests test-compile
	$(MVN) exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.reembed.bench.Benchmarks -Dexec.cleanupDaemonThreads=false

clean:
	$(MVN) clean
	rm -rf data
