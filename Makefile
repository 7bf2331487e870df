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

bench:
	$(MVN) -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	java -cp target/test-classes:target/classes:$$(cat target/bench.classpath) io.reembed.bench.Benchmarks

clean:
	$(MVN) clean
	rm -rf data
