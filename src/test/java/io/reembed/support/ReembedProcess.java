package io.reembed.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * reembed in a separate JVM, started from the test classpath as {@code java -jar reembed.jar} would start it.
 */
public final class ReembedProcess {

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private ReembedProcess(Process process, Path stdout, Path stderr) {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/**
	 * Starts reembed with the given arguments in the project directory, in a JVM that compiles with the client
	 * compiler only: a test's process runs for seconds on a few thousand rows, where optimising compilations would
	 * only take the cores from the test's own work, and start-up is a large part of the test suite's time.
	 * @param logs directory for the process's output files
	 */
	public static ReembedProcess start(Path logs, List<String> arguments) throws IOException {
		return start(logs, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), "io.reembed.ReembedApplication",
				arguments);
	}

	/**
	 * Starts a main class of the test classpath with the given JVM options and arguments in the project directory.
	 * @param logs directory for the process's output files
	 */
	public static ReembedProcess start(Path logs, List<String> jvmOptions, String mainClass, List<String> arguments)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(arguments);
		Files.createDirectories(logs);
		Path stdout = Files.createTempFile(logs, "reembed", ".out");
		Path stderr = Files.createTempFile(logs, "reembed", ".err");
		Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.start();
		return new ReembedProcess(process, stdout, stderr);
	}

	/** Runs to the end and returns the exit code. */
	public int waitFor(long seconds) throws Exception {
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("reembed did not end within " + seconds + " s; output:\n" + output());
		}
		return this.process.exitValue();
	}

	/** {@code kill}: the JVM shuts down as it does on SIGTERM. */
	public void terminate() {
		this.process.destroy();
	}

	/** {@code kill -9}: the JVM gets no chance to clean up. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String stdout() throws IOException {
		return Files.readString(this.stdout);
	}

	public String stderr() throws IOException {
		return Files.readString(this.stderr);
	}

	public String output() throws IOException {
		return "--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
	}

}
