package io.reembed.orchestrator;

import java.util.Locale;

/**
 * What a job does.
 */
public enum JobKind {

	/** Embeds a client's rows of a table into the collection of one model (see {@code BackfillLauncher}). */
	BACKFILL,
	/** Moves a client's rows of a table to another model (see {@code ReembedLauncher}). */
	REEMBED;

	/** The name as the REST API and the queue spell it. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The kind of that name, in any case.
	 * @throws InvalidJobRequestException naming the kinds there are
	 */
	public static JobKind parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobRequestException("Unknown kind '" + name + "'; kinds: backfill, reembed", ex);
		}
	}

}
