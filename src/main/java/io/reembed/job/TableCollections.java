package io.reembed.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * A table's collections and the client aliases that serve them. Every switch is recorded in
 * {@code reembed_alias_switch}, which is what a rollback goes back along and what tells cleanup which collections
 * served last.
 */
public final class TableCollections {

	private static final Logger logger = LoggerFactory.getLogger(TableCollections.class);

	private final VectorStore store;

	private final VectorReferences references;

	private final SyncWatermarks watermarks;

	private final JdbcTemplate jdbcTemplate;

	public TableCollections(VectorStore store, VectorReferences references, SyncWatermarks watermarks,
			JdbcTemplate jdbcTemplate) {
		this.store = store;
		this.references = references;
		this.watermarks = watermarks;
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * A recorded switch.
	 *
	 * @param alias the alias switched
	 * @param collection the collection it was pointed to
	 * @param previousCollection the collection it pointed to before, if any
	 * @param reason why: {@code backfill}, {@code reembed} or {@code rollback}
	 * @param switchedAt when
	 */
	public record Switch(String alias, String collection, Optional<String> previousCollection, String reason,
			Instant switchedAt) {
	}

	/** Points the alias at the collection, atomically, and records the switch. */
	public void switchAlias(String alias, String collection, String reason) {
		Optional<String> previous = this.store.aliasTarget(alias);
		this.store.switchAlias(alias, collection);
		this.jdbcTemplate.update(
				"INSERT INTO reembed_alias_switch (alias, collection, previous_collection, reason, switched_at) VALUES (?, ?, ?, ?, ?)",
				alias, collection, previous.orElse(null), reason, Timestamp.from(Instant.now()));
		logger.info("Alias {} switched from {} to {} ({})", alias, previous.orElse("nothing"), collection, reason);
	}

	/** The alias's switches, newest first. */
	public List<Switch> history(String alias) {
		return this.jdbcTemplate.query(
				"SELECT alias, collection, previous_collection, reason, switched_at FROM reembed_alias_switch WHERE alias = ? ORDER BY id DESC",
				(rs, i) -> new Switch(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
						rs.getString(4), rs.getTimestamp(5).toInstant()),
				alias);
	}

	/**
	 * Points the alias back at the collection it served before its last switch.
	 * @return the collection it now points to
	 * @throws IllegalStateException when the alias has never served another collection, or that one is gone
	 */
	public String rollback(String alias) {
		String current = this.store.aliasTarget(alias)
			.orElseThrow(() -> new IllegalStateException("Alias '" + alias + "' does not exist"));
		Switch last = history(alias).stream()
			.filter((entry) -> entry.collection().equals(current) && entry.previousCollection().isPresent())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"Alias '" + alias + "' has served no other collection before '" + current + "'"));
		String previous = last.previousCollection().orElseThrow();
		if (this.store.describe(previous).isEmpty()) {
			throw new IllegalStateException("Alias '" + alias + "' served '" + previous + "' before '" + current
					+ "', but that collection was deleted", new CollectionNotFoundException(previous));
		}
		switchAlias(alias, previous, "rollback");
		return previous;
	}

	/** The client aliases of the table, with the collections they serve. */
	public Map<String, String> aliases(String table) {
		String prefix = AliasNames.of(table, "");
		Map<String, String> aliases = new HashMap<>();
		this.store.aliases().forEach((alias, collection) -> {
			if (alias.startsWith(prefix)) {
				aliases.put(alias, collection);
			}
		});
		return aliases;
	}

	/** The clients with an alias of the table, as far as the alias names tell them apart. */
	public List<String> clients(String table) {
		return AliasNames.clients(table, aliases(table).keySet());
	}

	/**
	 * Deletes the table's collections that no alias serves, except the {@code keep} that served most recently.
	 * @return the deleted collections
	 */
	public List<String> cleanup(String table, int keep) {
		Assert.isTrue(keep >= 0, "keep must not be negative");
		String prefix = CollectionNames.of(table, "");
		Set<String> served = new HashSet<>(this.store.aliases().values());
		List<String> unserved = new ArrayList<>();
		for (String collection : this.store.collections()) {
			if (collection.startsWith(prefix) && !served.contains(collection)) {
				unserved.add(collection);
			}
		}
		unserved.sort(Comparator.comparing(this::lastServed).reversed());
		List<String> deleted = new ArrayList<>();
		for (String collection : unserved.subList(Math.min(keep, unserved.size()), unserved.size())) {
			this.store.deleteCollection(collection);
			this.references.forget(collection);
			this.watermarks.forget(collection);
			deleted.add(collection);
			logger.info("Deleted collection {} of table {}, which no alias serves", collection, table);
		}
		return deleted;
	}

	/** When an alias last stopped or started serving the collection; never served ones come first. */
	private Instant lastServed(String collection) {
		Timestamp last = this.jdbcTemplate.queryForObject(
				"SELECT MAX(switched_at) FROM reembed_alias_switch WHERE collection = ? OR previous_collection = ?",
				Timestamp.class, collection, collection);
		return (last != null) ? last.toInstant() : Instant.EPOCH;
	}

}
