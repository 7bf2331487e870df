package io.reembed.cli;

import java.io.PrintStream;

/**
 * Where the command line prints: results to {@code out}, failures and their reasons to {@code err}.
 *
 * @param out standard output
 * @param err standard error
 */
public record Console(PrintStream out, PrintStream err) {

	public static Console system() {
		return new Console(System.out, System.err);
	}

}
