/**
 * The command line: subcommands, exit codes and the progress bar.
 */
@NullMarked
package io.reembed.cli;

import org.jspecify.annotations.NullMarked;
