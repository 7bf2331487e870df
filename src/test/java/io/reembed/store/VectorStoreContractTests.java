package io.reembed.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract of {@link VectorStore}: every adapter passes these tests through a subclass that says how to create
 * and close the store.
 */
public abstract class VectorStoreContractTests {

	protected static final String MODEL = "test/contract-model@1/4/normalized";

	protected static final int DIMENSIONS = 4;

	protected static final String CONTENT = "content";

	protected static final String SUMMARY = "summary";

	protected static final String TABLE = "customers";

	private static final float SCORE_TOLERANCE = 1e-3f;

	private final List<String> collections = new ArrayList<>();

	private final List<String> aliases = new ArrayList<>();

	private VectorStore store;

	/** A new store on a clean backend; called before each test. */
	protected abstract VectorStore createStore() throws Exception;

	/** Releases what {@link #createStore()} opened; called after each test. */
	protected void closeStore(VectorStore store) throws Exception {
		if (store instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@BeforeEach
	void openStore() throws Exception {
		this.store = createStore();
	}

	@AfterEach
	void dropCollectionsAndCloseStore() throws Exception {
		try {
			for (String alias : this.aliases) {
				this.store.deleteAlias(alias);
			}
			for (String collection : this.collections) {
				this.store.deleteCollection(collection);
			}
		}
		finally {
			closeStore(this.store);
		}
	}

	protected VectorStore store() {
		return this.store;
	}

	/** A collection name no other test uses, dropped after the test. */
	protected String newCollectionName() {
		String name = "contract_" + UUID.randomUUID().toString().replace("-", "");
		this.collections.add(name);
		return name;
	}

	/** An alias name no other test uses, deleted after the test. */
	protected String newAliasName() {
		String name = "contract_alias_" + UUID.randomUUID().toString().replace("-", "");
		this.aliases.add(name);
		return name;
	}

	protected CollectionSpec newCollection() {
		CollectionSpec spec = new CollectionSpec(newCollectionName(), DIMENSIONS, MODEL, List.of(CONTENT, SUMMARY));
		this.store.ensureCollection(spec);
		return spec;
	}

	@Test
	void ensuredCollectionIsDescribedAsCreated() {
		// given
		CollectionSpec spec = new CollectionSpec(newCollectionName(), DIMENSIONS, MODEL, List.of(CONTENT, SUMMARY));

		// when
		this.store.ensureCollection(spec);

		// then
		assertThat(this.store.describe(spec.name())).contains(spec);
	}

	@Test
	void unknownCollectionIsNotDescribed() {
		// given
		String name = newCollectionName();

		// when / then
		assertThat(this.store.describe(name)).isEmpty();
	}

	@Test
	void ensuringTwiceKeepsTheCollectionAndItsPoints() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint point = point("client-a", "1", Map.of(CONTENT, vector(1, 0, 0, 0)), Map.of());
		this.store.upsert(spec.name(), List.of(point));

		// when
		this.store.ensureCollection(spec);

		// then
		assertThat(this.store.describe(spec.name())).contains(spec);
		assertThat(this.store.pointIds(spec.name(), "client-a")).containsExactly(point.id());
	}

	@Test
	void ensuringWithOtherDimensionsIsIncompatible() {
		// given
		CollectionSpec spec = newCollection();
		CollectionSpec wider = new CollectionSpec(spec.name(), DIMENSIONS * 2, MODEL, spec.vectorTypes());

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.ensureCollection(wider))
			.withMessageContaining(spec.name());
	}

	@Test
	void ensuringWithAnotherModelIsIncompatible() {
		// given
		CollectionSpec spec = newCollection();
		CollectionSpec otherModel = new CollectionSpec(spec.name(), DIMENSIONS, "test/other-model@2/4/normalized",
				spec.vectorTypes());

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.ensureCollection(otherModel))
			.withMessageContaining(spec.name());
	}

	@Test
	void ensuringWithAVectorTypeTheCollectionLacksIsIncompatible() {
		// given
		CollectionSpec spec = newCollection();
		CollectionSpec moreTypes = new CollectionSpec(spec.name(), DIMENSIONS, MODEL,
				List.of(CONTENT, SUMMARY, "metadata"));

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.ensureCollection(moreTypes))
			.withMessageContaining(spec.name())
			.withMessageContaining("metadata");
	}

	@Test
	void pointsAreCountedAndListedPerClient() {
		// given
		CollectionSpec spec = newCollection();
		List<VectorPoint> clientA = points("client-a", 7);
		List<VectorPoint> clientB = points("client-b", 3);
		List<VectorPoint> all = new ArrayList<>(clientA);
		all.addAll(clientB);

		// when
		this.store.upsert(spec.name(), all);

		// then
		assertThat(this.store.count(spec.name(), "client-a")).isEqualTo(7);
		assertThat(this.store.count(spec.name(), "client-b")).isEqualTo(3);
		assertThat(this.store.count(spec.name(), "client-c")).isZero();
		assertThat(this.store.pointIds(spec.name(), "client-a")).isEqualTo(ids(clientA));
		assertThat(this.store.pointIds(spec.name(), "client-b")).isEqualTo(ids(clientB));
		assertThat(this.store.pointIds(spec.name(), "client-c")).isEmpty();
	}

	@Test
	void upsertingTheSameIdsAgainReplacesThePoints() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint first = point("client-a", "1", both(vector(1, 0, 0, 0)), Map.of("version", 1L, "stale", "yes"));
		this.store.upsert(spec.name(), List.of(first, point("client-a", "2", both(vector(0, 1, 0, 0)), Map.of())));
		VectorPoint second = point("client-a", "1", both(vector(1, 0, 0, 0)), Map.of("version", 2L));

		// when
		this.store.upsert(spec.name(), List.of(second));

		// then
		assertThat(this.store.count(spec.name(), "client-a")).isEqualTo(2);
		SearchHit hit = this.store.search(spec.name(), new SearchRequest(CONTENT, "client-a", vector(1, 0, 0, 0), 1))
			.get(0);
		assertThat(hit.id()).isEqualTo(first.id());
		assertThat(hit.payload()).containsEntry("version", 2L).doesNotContainKey("stale");
	}

	@Test
	void upsertOfOneVectorTypeKeepsTheOtherNamedVectors() {
		// given
		CollectionSpec spec = newCollection();
		float[] summary = vector(0, 0, 1, 0);
		VectorPoint full = point("client-a", "1", Map.of(CONTENT, vector(1, 0, 0, 0), SUMMARY, summary),
				Map.of("version", 1L));
		this.store.upsert(spec.name(), List.of(full));
		VectorPoint contentOnly = point("client-a", "1", Map.of(CONTENT, vector(0, 1, 0, 0)), Map.of("version", 2L));

		// when
		this.store.upsert(spec.name(), List.of(contentOnly));

		// then
		List<SearchHit> bySummary = this.store.search(spec.name(), new SearchRequest(SUMMARY, "client-a", summary, 5));
		assertThat(bySummary).singleElement().satisfies(hit -> {
			assertThat(hit.id()).isEqualTo(full.id());
			assertThat(hit.score()).isCloseTo(1f, within(SCORE_TOLERANCE));
			assertThat(hit.payload()).containsEntry("version", 2L);
		});
		List<SearchHit> byContent = this.store.search(spec.name(),
				new SearchRequest(CONTENT, "client-a", vector(0, 1, 0, 0), 5));
		assertThat(byContent).singleElement()
			.satisfies(hit -> assertThat(hit.score()).isCloseTo(1f, within(SCORE_TOLERANCE)));
	}

	@Test
	void searchReturnsTheNearestPointsOfTheClientFirst() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint same = point("client-a", "same", both(vector(1, 0, 0, 0)), Map.of());
		VectorPoint near = point("client-a", "near", both(vector(1, 1, 0, 0)), Map.of());
		VectorPoint far = point("client-a", "far", both(vector(0, 1, 0, 0)), Map.of());
		VectorPoint otherClient = point("client-b", "same", both(vector(1, 0, 0, 0)), Map.of());
		this.store.upsert(spec.name(), List.of(far, otherClient, near, same));

		// when
		List<SearchHit> hits = this.store.search(spec.name(),
				new SearchRequest(CONTENT, "client-a", vector(2, 0, 0, 0), 2));

		// then
		assertThat(hits).extracting(SearchHit::id).containsExactly(same.id(), near.id());
		assertThat(hits.get(0).score()).isCloseTo(1f, within(SCORE_TOLERANCE));
		assertThat(hits.get(1).score()).isCloseTo((float) Math.sqrt(0.5), within(SCORE_TOLERANCE));
		assertThat(hits).allSatisfy(hit -> assertThat(hit.payload()).containsEntry(PayloadKeys.CLIENT_ID, "client-a"));
	}

	@Test
	void searchNeverReturnsAnotherClientsPoints() {
		// given
		CollectionSpec spec = newCollection();
		List<VectorPoint> points = new ArrayList<>(points("client-a", 3));
		points.addAll(points("client-b", 20));
		this.store.upsert(spec.name(), points);

		// when
		List<SearchHit> hits = this.store.search(spec.name(),
				new SearchRequest(CONTENT, "client-a", vector(1, 1, 1, 1), 10));

		// then
		assertThat(hits).hasSize(3)
			.allSatisfy(hit -> assertThat(hit.payload()).containsEntry(PayloadKeys.CLIENT_ID, "client-a"));
		assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((left, right) -> Float.compare(right, left));
	}

	@Test
	void searchHonoursTheLimit() {
		// given
		CollectionSpec spec = newCollection();
		this.store.upsert(spec.name(), points("client-a", 12));

		// when
		List<SearchHit> hits = this.store.search(spec.name(),
				new SearchRequest(SUMMARY, "client-a", vector(1, 2, 3, 4), 5));

		// then
		assertThat(hits).hasSize(5);
	}

	@Test
	void payloadValuesKeepTheirTypes() {
		// given
		CollectionSpec spec = newCollection();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put(PayloadKeys.TABLE, TABLE);
		payload.put(PayloadKeys.RECORD_ID, "42");
		payload.put("rows", 9_000_000_000L);
		payload.put("ratio", 0.75d);
		payload.put("active", true);
		payload.put("deleted", false);
		VectorPoint point = point("client-a", "42", both(vector(1, 0, 0, 0)), payload);

		// when
		this.store.upsert(spec.name(), List.of(point));

		// then
		SearchHit hit = this.store.search(spec.name(), new SearchRequest(CONTENT, "client-a", vector(1, 0, 0, 0), 1))
			.get(0);
		assertThat(hit.payload()).containsEntry(PayloadKeys.TABLE, TABLE)
			.containsEntry(PayloadKeys.RECORD_ID, "42")
			.containsEntry("rows", 9_000_000_000L)
			.containsEntry("ratio", 0.75d)
			.containsEntry("active", true)
			.containsEntry("deleted", false)
			.containsEntry(PayloadKeys.CLIENT_ID, "client-a");
	}

	@Test
	void upsertIntoAnUnknownCollectionFails() {
		// given
		String name = newCollectionName();

		// when / then
		assertThatExceptionOfType(CollectionNotFoundException.class)
			.isThrownBy(() -> this.store.upsert(name, points("client-a", 1)));
	}

	@Test
	void upsertOfAVectorWithWrongDimensionsIsIncompatible() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint point = point("client-a", "1", both(new float[] { 1, 0, 0 }), Map.of());

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.upsert(spec.name(), List.of(point)));
		assertThat(this.store.count(spec.name(), "client-a")).isZero();
	}

	@Test
	void upsertOfAnotherModelsVectorsIsRefusedBeforeAnyWrite() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint ours = point("client-a", "1", both(vector(1, 0, 0, 0)), Map.of(PayloadKeys.MODEL, MODEL));
		VectorPoint theirs = point("client-a", "2", both(vector(0, 1, 0, 0)),
				Map.of(PayloadKeys.MODEL, "test/other-model@2/4/normalized"));

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.upsert(spec.name(), List.of(ours, theirs)))
			.withMessageContaining(spec.name())
			.withMessageContaining("test/other-model@2/4/normalized");
		assertThat(this.store.count(spec.name(), "client-a")).isZero();
	}

	@Test
	void upsertOfAnUnknownVectorTypeIsIncompatible() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint point = point("client-a", "1",
				Map.of(CONTENT, vector(1, 0, 0, 0), SUMMARY, vector(0, 1, 0, 0), "unknown", vector(0, 0, 1, 0)),
				Map.of());

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.upsert(spec.name(), List.of(point)));
		assertThat(this.store.count(spec.name(), "client-a")).isZero();
	}

	@Test
	void deletedPointsAreNoLongerCountedListedOrFound() {
		// given
		CollectionSpec spec = newCollection();
		List<VectorPoint> points = points("client-a", 6);
		List<VectorPoint> otherClient = points("client-b", 2);
		this.store.upsert(spec.name(), points);
		this.store.upsert(spec.name(), otherClient);
		// The first three points share one direction, so a search for it finds every one of them that is left.
		List<VectorPoint> deleted = points.subList(0, 3);
		List<VectorPoint> kept = points.subList(3, 6);

		// when
		this.store.delete(spec.name(), ids(deleted));

		// then
		assertThat(this.store.count(spec.name(), "client-a")).isEqualTo(3);
		assertThat(this.store.pointIds(spec.name(), "client-a")).isEqualTo(ids(kept));
		for (String vectorType : List.of(CONTENT, SUMMARY)) {
			List<SearchHit> hits = this.store.search(spec.name(),
					new SearchRequest(vectorType, "client-a", vector(1, 1, 1, 1), 10));
			assertThat(hits).extracting(SearchHit::id).containsExactlyInAnyOrderElementsOf(ids(kept));
		}
		assertThat(this.store.pointIds(spec.name(), "client-b")).isEqualTo(ids(otherClient));
	}

	@Test
	void deletingIdsWithoutAPointChangesNothing() {
		// given
		CollectionSpec spec = newCollection();
		List<VectorPoint> points = points("client-a", 3);
		this.store.upsert(spec.name(), points);
		List<UUID> unknown = List.of(PointIds.of("client-a", TABLE, "missing"), UUID.randomUUID());

		// when
		this.store.delete(spec.name(), unknown);
		this.store.delete(spec.name(), List.of());

		// then
		assertThat(this.store.count(spec.name(), "client-a")).isEqualTo(3);
		assertThat(this.store.pointIds(spec.name(), "client-a")).isEqualTo(ids(points));
	}

	@Test
	void aPointUpsertedAgainAfterItsDeleteKeepsNoVectorOfTheDeletedOne() {
		// given
		CollectionSpec spec = newCollection();
		VectorPoint deleted = point("client-a", "1", Map.of(CONTENT, vector(1, 0, 0, 0), SUMMARY, vector(0, 1, 0, 0)),
				Map.of());
		VectorPoint other = point("client-a", "2", both(vector(0, 0, 0, 1)), Map.of());
		this.store.upsert(spec.name(), List.of(deleted, other));
		// A backfill of one vector type of another point: the store has read stored vectors since it wrote these.
		this.store.upsert(spec.name(), List.of(point("client-a", "2", Map.of(SUMMARY, vector(0, 0, 1, 1)), Map.of())));
		this.store.delete(spec.name(), List.of(deleted.id()));
		VectorPoint contentOnly = point("client-a", "1", Map.of(CONTENT, vector(0, 0, 1, 0)), Map.of());

		// when
		this.store.upsert(spec.name(), List.of(contentOnly));

		// then
		assertThat(this.store.pointIds(spec.name(), "client-a")).containsExactlyInAnyOrder(deleted.id(), other.id());
		assertThat(this.store.search(spec.name(), new SearchRequest(SUMMARY, "client-a", vector(0, 1, 0, 0), 5)))
			.extracting(SearchHit::id)
			.containsExactly(other.id());
		assertThat(this.store.search(spec.name(), new SearchRequest(CONTENT, "client-a", vector(0, 0, 1, 0), 1)))
			.singleElement()
			.satisfies(hit -> {
				assertThat(hit.id()).isEqualTo(deleted.id());
				assertThat(hit.score()).isCloseTo(1f, within(SCORE_TOLERANCE));
			});
	}

	@Test
	void deletingFromAnUnknownCollectionFails() {
		// given
		String name = newCollectionName();
		List<UUID> ids = List.of(PointIds.of("client-a", TABLE, "1"));

		// when / then
		assertThatExceptionOfType(CollectionNotFoundException.class).isThrownBy(() -> this.store.delete(name, ids));
	}

	@Test
	void deletedCollectionIsNoLongerDescribed() {
		// given
		CollectionSpec spec = newCollection();
		this.store.upsert(spec.name(), points("client-a", 2));

		// when
		this.store.deleteCollection(spec.name());

		// then
		assertThat(this.store.describe(spec.name())).isEmpty();
	}

	@Test
	void deletingAnUnknownCollectionDoesNothing() {
		// given
		String name = newCollectionName();

		// when / then
		assertThatNoException().isThrownBy(() -> this.store.deleteCollection(name));
		assertThat(this.store.describe(name)).isEmpty();
	}

	@Test
	void aThousandPointsAreUpsertedInOneCall() {
		// given
		CollectionSpec spec = newCollection();
		List<VectorPoint> points = points("client-a", 1_000);

		// when
		this.store.upsert(spec.name(), points);

		// then
		assertThat(this.store.count(spec.name(), "client-a")).isEqualTo(1_000);
		assertThat(this.store.pointIds(spec.name(), "client-a")).isEqualTo(ids(points));
	}

	@Test
	void anAliasServesTheCollectionItPointsTo() {
		// given
		CollectionSpec old = newCollection();
		CollectionSpec current = newCollection();
		this.store.upsert(old.name(), points("client-a", 3));
		List<VectorPoint> currentPoints = points("client-a", 5);
		this.store.upsert(current.name(), currentPoints);
		String alias = newAliasName();

		// when
		this.store.switchAlias(alias, old.name());
		long countBefore = this.store.count(alias, "client-a");
		this.store.switchAlias(alias, current.name());

		// then
		assertThat(countBefore).isEqualTo(3);
		assertThat(this.store.aliasTarget(alias)).contains(current.name());
		assertThat(this.store.aliases()).containsEntry(alias, current.name());
		assertThat(this.store.count(alias, "client-a")).isEqualTo(5);
		assertThat(this.store.pointIds(alias, "client-a")).isEqualTo(ids(currentPoints));
		// The first three points share one direction; the fourth has its own.
		VectorPoint wanted = currentPoints.get(3);
		assertThat(this.store.search(alias, new SearchRequest(CONTENT, "client-a", wanted.vectors().get(CONTENT), 1)))
			.singleElement()
			.satisfies((hit) -> assertThat(hit.id()).isEqualTo(wanted.id()));
	}

	@Test
	void anUnknownAliasHasNoTarget() {
		assertThat(this.store.aliasTarget("contract_alias_unknown")).isEmpty();
		assertThat(this.store.aliases()).doesNotContainKey("contract_alias_unknown");
		assertThatNoException().isThrownBy(() -> this.store.deleteAlias("contract_alias_unknown"));
	}

	@Test
	void switchingAnAliasToAnUnknownCollectionFailsAndKeepsIt() {
		// given
		CollectionSpec spec = newCollection();
		String alias = newAliasName();
		this.store.switchAlias(alias, spec.name());

		// when / then
		assertThatExceptionOfType(CollectionNotFoundException.class)
			.isThrownBy(() -> this.store.switchAlias(alias, "contract_missing_collection"));
		assertThat(this.store.aliasTarget(alias)).contains(spec.name());
	}

	@Test
	void aCollectionAnAliasServesCannotBeDeleted() {
		// given
		CollectionSpec spec = newCollection();
		String alias = newAliasName();
		this.store.switchAlias(alias, spec.name());

		// when / then
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.store.deleteCollection(spec.name()))
			.withMessageContaining(alias);
		assertThat(this.store.describe(spec.name())).isPresent();
		this.store.deleteAlias(alias);
		this.store.deleteCollection(spec.name());
		assertThat(this.store.describe(spec.name())).isEmpty();
		assertThat(this.store.aliasTarget(alias)).isEmpty();
	}

	@Test
	void anAliasCannotTakeACollectionsName() {
		// given
		CollectionSpec spec = newCollection();
		CollectionSpec other = newCollection();

		// when / then
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.store.switchAlias(other.name(), spec.name()));
	}

	@Test
	void collectionsAreListedWithoutAliases() {
		// given
		CollectionSpec spec = newCollection();
		String alias = newAliasName();

		// when
		this.store.switchAlias(alias, spec.name());

		// then
		assertThat(this.store.collections()).contains(spec.name()).doesNotContain(alias);
	}

	protected static VectorPoint point(String clientId, String recordId, Map<String, float[]> vectors,
			Map<String, Object> payload) {
		Map<String, Object> withSource = new LinkedHashMap<>(payload);
		withSource.putIfAbsent(PayloadKeys.TABLE, TABLE);
		withSource.putIfAbsent(PayloadKeys.RECORD_ID, recordId);
		return new VectorPoint(PointIds.of(clientId, TABLE, recordId), clientId, vectors, withSource);
	}

	/** Points of one client with distinct vectors of both types. */
	protected static List<VectorPoint> points(String clientId, int count) {
		List<VectorPoint> points = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			float[] vector = vector(1 + i % 7, 1 + i % 5, 1 + i % 3, 1 + i % 11);
			points.add(point(clientId, String.valueOf(i), both(vector), Map.of("index", (long) i)));
		}
		return points;
	}

	protected static Map<String, float[]> both(float[] vector) {
		return Map.of(CONTENT, vector, SUMMARY, vector);
	}

	protected static float[] vector(float... values) {
		return values;
	}

	protected static Set<UUID> ids(List<VectorPoint> points) {
		Set<UUID> ids = new HashSet<>();
		points.forEach(point -> ids.add(point.id()));
		return ids;
	}

}
