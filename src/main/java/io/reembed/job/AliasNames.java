package io.reembed.job;

import java.util.Locale;

/**
 * Names of the aliases through which a client's rows of a table are searched. Each client's alias moves on its
 * own: re-embedding one client's rows switches only that client's searches to the new model.
 */
public final class AliasNames {

	private AliasNames() {
	}

	public static String of(String table, String clientId) {
		return (table + "__client_" + clientId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
	}

}
