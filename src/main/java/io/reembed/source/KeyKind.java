package io.reembed.source;

/**
 * The kinds of primary key a table may have; they decide how key ranges are cut.
 */
public enum KeyKind {

	/** Integer keys: ranges are cut arithmetically between the smallest and largest key. */
	INTEGER,
	/** Text or UUID keys: ranges are cut at keys found at even row offsets. */
	ORDERED

}
