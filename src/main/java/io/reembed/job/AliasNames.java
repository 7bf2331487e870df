package io.reembed.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

	/**
	 * The clients whose aliases of the table these are, sorted, as far as the names tell them apart: a name folds
	 * case and odd characters, so a client it cannot name back is left out.
	 */
	public static List<String> clients(String table, Collection<String> aliases) {
		String prefix = of(table, "");
		List<String> clients = new ArrayList<>();
		for (String alias : aliases) {
			if (alias.startsWith(prefix)) {
				String clientId = alias.substring(prefix.length());
				if (of(table, clientId).equals(alias)) {
					clients.add(clientId);
				}
			}
		}
		clients.sort(null);
		return clients;
	}

}
