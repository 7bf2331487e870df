package io.reembed.job;

import java.util.Locale;

/**
 * Names of the collections a table's points go to: one per table and model, so two models never share one.
 */
public final class CollectionNames {

	private CollectionNames() {
	}

	public static String of(String table, String model) {
		return (table + "__" + model).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
	}

}
