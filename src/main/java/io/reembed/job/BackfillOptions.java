package io.reembed.job;

/**
 * How a backfill treats rows it embedded before; not part of its identity, so a relaunch with other options still
 * restarts a failed execution, with the options that execution had.
 *
 * @param incremental whether rows whose text has not changed since they were embedded are left out, and, when the
 * table has an updated-at column, only rows updated since the last completed run are read
 * @param syncDeletes whether the points of rows gone from the table, or no longer active, are deleted
 */
public record BackfillOptions(boolean incremental, boolean syncDeletes) {

	/** Every row embedded, nothing deleted. */
	public static final BackfillOptions FULL = new BackfillOptions(false, false);

	/** Only changed rows embedded, nothing deleted. */
	public static final BackfillOptions INCREMENTAL = new BackfillOptions(true, false);

}
