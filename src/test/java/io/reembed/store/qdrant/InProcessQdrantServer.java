package io.reembed.store.qdrant;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.grpc.ManagedChannel;
import com.google.common.primitives.Floats;
import com.google.protobuf.Internal;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListAliasesRequest;
import io.qdrant.client.grpc.Collections.ListAliasesResponse;
import io.qdrant.client.grpc.Collections.ListCollectionAliasesRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.OptimizerStatus;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.NamedVectorsOutput;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import org.apache.lucene.util.VectorUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Stands in for a Qdrant server in tests: an in-process gRPC server, on the client's own generated service bases,
 * that keeps collections and points in memory and answers and fails as the real API does for the calls the adapter
 * makes. Like Qdrant, it replaces a whole point on upsert, deletes points by id or filter and ignores ids without a
 * point, normalises cosine vectors on write, orders scrolls by point id, resolves an alias wherever a request may name
 * a collection, and reports errors with Qdrant's status codes and wording. Requests it does not model fail with
 * {@code UNIMPLEMENTED}, so that a test never passes on behaviour the real server would not show.
 */
public final class InProcessQdrantServer implements AutoCloseable {

	/** Server version reported by the health check; the client warns unless it is within one minor version. */
	static final String VERSION = "1.18.0";

	private static final int DEFAULT_LIMIT = 10;

	private final String name = "qdrant-" + UUID.randomUUID();

	private final ConcurrentMap<String, StoredCollection> collections = new ConcurrentHashMap<>();

	/** Guards the changes of collection and alias names, so that they see each other whole. */
	private final Object namesLock = new Object();

	/**
	 * Alias to collection name. Replaced whole under {@link #namesLock}, so that a request resolving a name never
	 * sees an alias update half applied, as Qdrant holds its collections lock while it updates aliases.
	 */
	private volatile Map<String, String> aliases = Map.of();

	private final AtomicLong operationIds = new AtomicLong();

	private final AtomicInteger upsertCalls = new AtomicInteger();

	private final AtomicInteger getPointsCalls = new AtomicInteger();

	private final AtomicInteger scrollCalls = new AtomicInteger();

	private final List<ChangeAliases> aliasChanges = Collections.synchronizedList(new ArrayList<>());

	private final AtomicReference<@Nullable QueryPoints> lastQuery = new AtomicReference<>();

	private final AtomicReference<@Nullable DeletePoints> lastDelete = new AtomicReference<>();

	private final Object faultLock = new Object();

	private int failingUpserts;

	private Status upsertFailure = Status.OK;

	private int failingDeletes;

	private Status deleteFailure = Status.OK;

	private final HealthService healthService = new HealthService();

	private final CollectionsService collectionsService = new CollectionsService();

	private final PointsService pointsService = new PointsService();

	private final Server server;

	/** The same services on a loopback TCP port, for reembed processes other than the test's own. */
	private volatile @Nullable Server networkServer;

	private InProcessQdrantServer() throws IOException {
		this.server = InProcessServerBuilder.forName(this.name)
			.directExecutor()
			.addService(this.healthService)
			.addService(this.collectionsService)
			.addService(this.pointsService)
			.build()
			.start();
	}

	public static InProcessQdrantServer start() throws IOException {
		return new InProcessQdrantServer();
	}

	/**
	 * Serves the same collections on a free loopback port too, as a Qdrant server's gRPC port, so that reembed
	 * processes started by a test write where the test reads.
	 * @return the port
	 */
	public synchronized int startListening() throws IOException {
		Server network = this.networkServer;
		if (network == null) {
			network = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
				.addService(this.healthService)
				.addService(this.collectionsService)
				.addService(this.pointsService)
				.maxInboundMessageSize(64 * 1024 * 1024)
				.build()
				.start();
			this.networkServer = network;
		}
		return network.getPort();
	}

	/** A client on a new in-process channel to this server; closing the client closes the channel. */
	public QdrantClient newClient() {
		ManagedChannel channel = InProcessChannelBuilder.forName(this.name).directExecutor().build();
		return new QdrantClient(QdrantGrpcClient.newBuilder(channel, true).build());
	}

	/** Makes the next {@code count} upserts fail with {@code status} before they touch any point. */
	void failNextUpserts(int count, Status status) {
		Assert.isTrue(count > 0, "count must be positive");
		Assert.isTrue(!status.isOk(), "status must be an error");
		synchronized (this.faultLock) {
			this.failingUpserts = count;
			this.upsertFailure = status;
		}
	}

	/** Makes the next {@code count} deletes of points fail with {@code status} before they touch any point. */
	void failNextDeletes(int count, Status status) {
		Assert.isTrue(count > 0, "count must be positive");
		Assert.isTrue(!status.isOk(), "status must be an error");
		synchronized (this.faultLock) {
			this.failingDeletes = count;
			this.deleteFailure = status;
		}
	}

	/** Upsert calls received, the failed ones included. */
	int upsertCalls() {
		return this.upsertCalls.get();
	}

	/** Calls that retrieved points by id. */
	int getPointsCalls() {
		return this.getPointsCalls.get();
	}

	/** Scroll calls received. */
	int scrollCalls() {
		return this.scrollCalls.get();
	}

	/** The alias update requests received, the failed ones included, in order. */
	List<ChangeAliases> aliasChanges() {
		synchronized (this.aliasChanges) {
			return List.copyOf(this.aliasChanges);
		}
	}

	/** The last query received, as sent. */
	Optional<QueryPoints> lastQuery() {
		return Optional.ofNullable(this.lastQuery.get());
	}

	/** The last delete of points received, as sent, the failed ones included. */
	Optional<DeletePoints> lastDelete() {
		return Optional.ofNullable(this.lastDelete.get());
	}

	@Override
	public void close() throws InterruptedException {
		Server network = this.networkServer;
		if (network != null) {
			network.shutdownNow();
			network.awaitTermination(5, TimeUnit.SECONDS);
		}
		this.server.shutdownNow();
		this.server.awaitTermination(5, TimeUnit.SECONDS);
	}

	private StoredCollection require(String collection) {
		StoredCollection stored = this.collections.get(collection);
		if (stored == null) {
			throw Status.NOT_FOUND.withDescription("Not found: Collection `" + collection + "` doesn't exist!")
				.asRuntimeException();
		}
		return stored;
	}

	/** The collection a request names, through an alias if it is one. */
	private StoredCollection resolve(String name) {
		return require(resolvedName(name));
	}

	/** Like Qdrant, looks the name up among the aliases first. */
	private String resolvedName(String name) {
		String target = this.aliases.get(name);
		return (target != null) ? target : name;
	}

	/**
	 * Applies the actions one after another, as Qdrant 1.18 does: each is checked only when its turn comes, and a
	 * failing action leaves the ones before it applied. Readers see the aliases before or after the request, never
	 * between two of its actions.
	 */
	private void changeAliases(List<AliasOperations> actions) {
		for (AliasOperations action : actions) {
			if (action.getActionCase() == AliasOperations.ActionCase.ACTION_NOT_SET) {
				// Qdrant converts the whole request before it applies any of it.
				throw Status.INVALID_ARGUMENT.withDescription("Malformed AliasOperation type").asRuntimeException();
			}
		}
		synchronized (this.namesLock) {
			Map<String, String> changed = new HashMap<>(this.aliases);
			try {
				actions.forEach(action -> apply(changed, action));
			}
			finally {
				this.aliases = Map.copyOf(changed);
			}
		}
	}

	private void apply(Map<String, String> aliases, AliasOperations action) {
		switch (action.getActionCase()) {
			case CREATE_ALIAS -> {
				String alias = action.getCreateAlias().getAliasName();
				String collection = action.getCreateAlias().getCollectionName();
				// Only a collection can be the target: an alias is not resolved here.
				require(collection);
				if (this.collections.containsKey(alias)) {
					throw Status.ALREADY_EXISTS.withDescription("Wrong input: Collection `" + alias + "` already exists!")
						.asRuntimeException();
				}
				aliases.put(alias, collection);
			}
			case DELETE_ALIAS -> aliases.remove(action.getDeleteAlias().getAliasName());
			case RENAME_ALIAS -> {
				String oldName = action.getRenameAlias().getOldAliasName();
				String collection = aliases.remove(oldName);
				if (collection == null) {
					throw Status.NOT_FOUND.withDescription("Not found: Alias " + oldName + " does not exists!")
						.asRuntimeException();
				}
				aliases.put(action.getRenameAlias().getNewAliasName(), collection);
			}
			case ACTION_NOT_SET -> throw new IllegalStateException("Actions were checked before");
		}
	}

	/** Aliases of collections that exist, as Qdrant lists them. */
	private List<AliasDescription> aliasDescriptions(@Nullable String collection) {
		return new TreeMap<>(this.aliases).entrySet()
			.stream()
			.filter(alias -> (collection != null) ? alias.getValue().equals(collection)
					: this.collections.containsKey(alias.getValue()))
			.map(alias -> AliasDescription.newBuilder()
				.setAliasName(alias.getKey())
				.setCollectionName(alias.getValue())
				.build())
			.toList();
	}

	private @Nullable Status takeUpsertFault() {
		synchronized (this.faultLock) {
			if (this.failingUpserts == 0) {
				return null;
			}
			this.failingUpserts--;
			return this.upsertFailure;
		}
	}

	private @Nullable Status takeDeleteFault() {
		synchronized (this.faultLock) {
			if (this.failingDeletes == 0) {
				return null;
			}
			this.failingDeletes--;
			return this.deleteFailure;
		}
	}

	private UpdateResult completed(boolean wait) {
		return UpdateResult.newBuilder()
			.setOperationId(this.operationIds.incrementAndGet())
			.setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
			.build();
	}

	private static StatusRuntimeException wrongInput(String description) {
		return Status.INVALID_ARGUMENT.withDescription("Wrong input: " + description).asRuntimeException();
	}

	private static StatusRuntimeException unimplemented(String what) {
		return Status.UNIMPLEMENTED.withDescription("The Qdrant stand-in does not implement " + what)
			.asRuntimeException();
	}

	private static <T> void answer(StreamObserver<T> observer, Supplier<T> handler) {
		T response;
		try {
			response = handler.get();
		}
		catch (StatusRuntimeException ex) {
			observer.onError(ex);
			return;
		}
		catch (RuntimeException ex) {
			observer.onError(Status.INTERNAL.withDescription("Service internal error: " + ex.getMessage())
				.withCause(ex)
				.asRuntimeException());
			return;
		}
		observer.onNext(response);
		observer.onCompleted();
	}

	/** Sort key in Qdrant's point order: numeric ids first, by value, then UUIDs by their canonical text. */
	private static String key(PointId id) {
		return switch (id.getPointIdOptionsCase()) {
			case NUM -> "0:" + String.format(Locale.ROOT, "%020d", id.getNum());
			case UUID -> "1:" + canonical(id.getUuid());
			case POINTIDOPTIONS_NOT_SET -> throw wrongInput("Point id is missing");
		};
	}

	private static String canonical(String uuid) {
		try {
			return UUID.fromString(uuid).toString();
		}
		catch (IllegalArgumentException ex) {
			throw wrongInput("Unable to parse UUID: " + uuid);
		}
	}

	private static PointId normalised(PointId id) {
		return id.hasUuid() ? PointId.newBuilder().setUuid(canonical(id.getUuid())).build() : id;
	}

	@SuppressWarnings("deprecation")
	private static List<Float> denseData(Vector vector) {
		return switch (vector.getVectorCase()) {
			case DENSE -> vector.getDense().getDataList();
			case VECTOR_NOT_SET -> vector.getDataList();
			default -> throw unimplemented(vector.getVectorCase() + " vectors");
		};
	}

	private static List<Float> normalise(List<Float> data) {
		// Kept as primitive floats: a benchmark stores hundreds of thousands of vectors in this JVM.
		float[] unit = new float[data.size()];
		if (data instanceof Internal.FloatList floats) {
			for (int i = 0; i < unit.length; i++) {
				unit[i] = floats.getFloat(i);
			}
		}
		else {
			for (int i = 0; i < unit.length; i++) {
				unit[i] = data.get(i);
			}
		}
		double norm = 0;
		for (float value : unit) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		if (norm == 0) {
			return List.copyOf(data);
		}
		for (int i = 0; i < unit.length; i++) {
			unit[i] = (float) (unit[i] / norm);
		}
		return new UnitVector(unit);
	}

	private static float dot(List<Float> left, List<Float> right) {
		if (left instanceof UnitVector unitLeft && right instanceof UnitVector unitRight) {
			return unitLeft.dot(unitRight);
		}
		double sum = 0;
		for (int i = 0; i < left.size(); i++) {
			sum += left.get(i) * right.get(i);
		}
		return (float) sum;
	}

	private static boolean matches(Filter filter, StoredPoint point) {
		if (filter.hasMinShould()) {
			throw unimplemented("min_should filters");
		}
		for (Condition condition : filter.getMustList()) {
			if (!matches(condition, point)) {
				return false;
			}
		}
		for (Condition condition : filter.getMustNotList()) {
			if (matches(condition, point)) {
				return false;
			}
		}
		return filter.getShouldList().isEmpty()
				|| filter.getShouldList().stream().anyMatch(condition -> matches(condition, point));
	}

	private static boolean matches(Condition condition, StoredPoint point) {
		return switch (condition.getConditionOneOfCase()) {
			case FIELD -> matches(condition.getField(), point);
			case FILTER -> matches(condition.getFilter(), point);
			case HAS_ID -> condition.getHasId().getHasIdList().stream().anyMatch(id -> key(id).equals(point.key()));
			default -> throw unimplemented(condition.getConditionOneOfCase() + " conditions");
		};
	}

	private static boolean matches(FieldCondition condition, StoredPoint point) {
		if (!condition.hasMatch() || condition.hasRange() || condition.hasGeoBoundingBox() || condition.hasGeoRadius()
				|| condition.hasValuesCount() || condition.hasGeoPolygon() || condition.hasDatetimeRange()
				|| condition.hasIsEmpty() || condition.hasIsNull()) {
			throw unimplemented("field conditions other than match");
		}
		Value value = point.payload().get(condition.getKey());
		if (value == null) {
			return false;
		}
		// Like Qdrant, a condition on an array field holds when any element matches.
		List<Value> values = value.hasListValue() ? value.getListValue().getValuesList() : List.of(value);
		Match match = condition.getMatch();
		return values.stream().anyMatch(candidate -> switch (match.getMatchValueCase()) {
			case KEYWORD -> candidate.hasStringValue() && candidate.getStringValue().equals(match.getKeyword());
			case INTEGER -> candidate.hasIntegerValue() && candidate.getIntegerValue() == match.getInteger();
			case BOOLEAN -> candidate.hasBoolValue() && candidate.getBoolValue() == match.getBoolean();
			case KEYWORDS ->
				candidate.hasStringValue() && match.getKeywords().getStringsList().contains(candidate.getStringValue());
			default -> throw unimplemented(match.getMatchValueCase() + " matches");
		});
	}

	private static Map<String, Value> payload(StoredPoint point, boolean hasSelector, WithPayloadSelector selector,
			boolean byDefault) {
		if (!hasSelector) {
			return byDefault ? point.payload() : Map.of();
		}
		Map<String, Value> selected = new LinkedHashMap<>();
		switch (selector.getSelectorOptionsCase()) {
			case ENABLE -> {
				return selector.getEnable() ? point.payload() : Map.of();
			}
			case INCLUDE -> point.payload().forEach((key, value) -> {
				if (selector.getInclude().getFieldsList().contains(key)) {
					selected.put(key, value);
				}
			});
			case EXCLUDE -> point.payload().forEach((key, value) -> {
				if (!selector.getExclude().getFieldsList().contains(key)) {
					selected.put(key, value);
				}
			});
			case SELECTOROPTIONS_NOT_SET -> {
				return byDefault ? point.payload() : Map.of();
			}
		}
		return selected;
	}

	/** The requested vectors, in the deprecated {@code data} field that the server still fills for dense vectors. */
	@SuppressWarnings("deprecation")
	private static @Nullable VectorsOutput vectors(StoredCollection collection, StoredPoint point,
			boolean hasSelector, WithVectorsSelector selector) {
		if (!hasSelector || (selector.hasEnable() && !selector.getEnable())) {
			return null;
		}
		Set<String> names = selector.hasInclude() ? Set.copyOf(selector.getInclude().getNamesList())
				: point.vectors().keySet();
		if (collection.vectors().containsKey("") && collection.vectors().size() == 1) {
			List<Float> data = point.vectors().getOrDefault("", List.of());
			return VectorsOutput.newBuilder().setVector(VectorOutput.newBuilder().addAllData(data)).build();
		}
		NamedVectorsOutput.Builder named = NamedVectorsOutput.newBuilder();
		point.vectors().forEach((vectorName, data) -> {
			if (names.contains(vectorName)) {
				named.putVectors(vectorName, VectorOutput.newBuilder().addAllData(data).build());
			}
		});
		return VectorsOutput.newBuilder().setVectors(named).build();
	}

	private static PayloadSchemaType schemaType(CreateFieldIndexCollection request) {
		if (!request.hasFieldType()) {
			throw wrongInput("Field type is required to create a payload index");
		}
		return switch (request.getFieldType()) {
			case FieldTypeKeyword -> PayloadSchemaType.Keyword;
			case FieldTypeInteger -> PayloadSchemaType.Integer;
			case FieldTypeFloat -> PayloadSchemaType.Float;
			case FieldTypeGeo -> PayloadSchemaType.Geo;
			case FieldTypeText -> PayloadSchemaType.Text;
			case FieldTypeBool -> PayloadSchemaType.Bool;
			case FieldTypeDatetime -> PayloadSchemaType.Datetime;
			case FieldTypeUuid -> PayloadSchemaType.Uuid;
			case UNRECOGNIZED -> throw wrongInput("Unknown field type");
		};
	}

	private record Scored(StoredPoint point, float score) {
	}

	/** A read-only list over primitive floats, so that a search scores stored points without boxing. */
	private static final class UnitVector extends AbstractList<Float> implements RandomAccess {

		private final float[] values;

		UnitVector(float[] values) {
			this.values = values;
		}

		@Override
		public Float get(int index) {
			return this.values[index];
		}

		@Override
		public int size() {
			return this.values.length;
		}

		/** With Lucene's SIMD dot product, as Qdrant scores with its own: a search scans every point of a tenant. */
		float dot(UnitVector other) {
			if (this.values.length != other.values.length) {
				throw new IllegalArgumentException(
						"Vectors of " + this.values.length + " and " + other.values.length + " dimensions");
			}
			return VectorUtil.dotProduct(this.values, other.values);
		}

	}

	private record StoredPoint(String key, PointId id, Map<String, List<Float>> vectors, Map<String, Value> payload) {
	}

	/**
	 * One collection; its points and payload schema are guarded by a read-write lock, so that reads, as Qdrant's,
	 * go on in parallel with each other.
	 */
	private static final class StoredCollection {

		private final ReadWriteLock lock = new ReentrantReadWriteLock();

		private final Map<String, VectorParams> vectors;

		private final VectorsConfig vectorsConfig;

		private final Map<String, Value> metadata;

		private final Map<String, PayloadSchemaInfo> payloadSchema = new LinkedHashMap<>();

		/**
		 * Points that carry each field of the payload schema, kept as points come and go, so that collection info
		 * costs what Qdrant's does rather than a pass over every point.
		 */
		private final Map<String, Long> pointsWithField = new HashMap<>();

		/**
		 * Points by key, unordered: a scroll puts the page it answers in id order (see {@link #matchingFrom}). Writes
		 * far outnumber scrolls, and a sorted map made every upsert of a large collection walk a deep tree.
		 */
		private final Map<String, StoredPoint> points = new HashMap<>();

		/**
		 * Points by the value of each keyword payload index, as Qdrant's payload index finds them: a filter matching
		 * one value of an indexed field (a tenant) then looks only at that value's points, not at every point.
		 */
		private final Map<String, Map<String, Map<String, StoredPoint>>> keywordIndexes = new HashMap<>();

		StoredCollection(VectorsConfig vectorsConfig, Map<String, Value> metadata) {
			Map<String, VectorParams> vectors = new LinkedHashMap<>();
			switch (vectorsConfig.getConfigCase()) {
				case PARAMS -> vectors.put("", vectorsConfig.getParams());
				case PARAMS_MAP -> vectors.putAll(vectorsConfig.getParamsMap().getMapMap());
				case CONFIG_NOT_SET -> {
				}
			}
			vectors.forEach((vectorName, params) -> {
				if (params.getSize() < 1 || params.getSize() > 65_536) {
					throw Status.INVALID_ARGUMENT
						.withDescription("Validation error in body: [vectors_config.size: value " + params.getSize()
								+ " invalid, must be from 1 to 65536]")
						.asRuntimeException();
				}
				if (params.getDistance() == Distance.UnknownDistance || params.getDistance() == Distance.UNRECOGNIZED) {
					throw wrongInput("Unknown distance of vector '" + vectorName + "'");
				}
			});
			this.vectors = Collections.unmodifiableMap(vectors);
			this.vectorsConfig = vectorsConfig;
			this.metadata = Map.copyOf(metadata);
		}

		Map<String, VectorParams> vectors() {
			return this.vectors;
		}

		/** Checks the point as Qdrant does and returns it as it would be stored. */
		StoredPoint accept(PointStruct point) {
			String key = key(point.getId());
			Map<String, List<Float>> given = new LinkedHashMap<>();
			switch (point.getVectors().getVectorsOptionsCase()) {
				case VECTOR -> given.put("", denseData(point.getVectors().getVector()));
				case VECTORS -> point.getVectors().getVectors().getVectorsMap()
					.forEach((vectorName, vector) -> given.put(vectorName, denseData(vector)));
				case VECTORSOPTIONS_NOT_SET -> {
				}
			}
			Map<String, List<Float>> stored = new LinkedHashMap<>();
			given.forEach((vectorName, data) -> {
				VectorParams params = this.vectors.get(vectorName);
				if (params == null) {
					throw wrongInput("Not existing vector name error: " + vectorName);
				}
				if (data.size() != params.getSize()) {
					throw wrongInput("Vector dimension error: expected dim: " + params.getSize() + ", got "
							+ data.size());
				}
				stored.put(vectorName, (params.getDistance() == Distance.Cosine) ? normalise(data) : List.copyOf(data));
			});
			return new StoredPoint(key, normalised(point.getId()), Collections.unmodifiableMap(stored),
					Map.copyOf(point.getPayloadMap()));
		}

		void upsert(List<PointStruct> points) {
			// Checks the whole batch first so that a rejected request changes nothing. The check reads only the
			// collection's fixed configuration, so it needs no lock.
			List<StoredPoint> accepted = points.stream().map(this::accept).toList();
			write(() -> accepted.forEach(this::put));
		}

		void delete(List<String> keys) {
			write(() -> keys.forEach(this::remove));
		}

		void deleteMatching(Filter filter) {
			write(() -> candidates(filter).values().stream().filter(point -> matches(filter, point)).map(StoredPoint::key)
				.toList()
				.forEach(this::remove));
		}

		private void write(Runnable change) {
			this.lock.writeLock().lock();
			try {
				change.run();
			}
			finally {
				this.lock.writeLock().unlock();
			}
		}

		private <T> T read(Supplier<T> query) {
			this.lock.readLock().lock();
			try {
				return query.get();
			}
			finally {
				this.lock.readLock().unlock();
			}
		}

		private void put(StoredPoint point) {
			StoredPoint replaced = this.points.put(point.key(), point);
			if (replaced != null) {
				unindex(replaced);
			}
			this.pointsWithField.replaceAll((field, count) -> point.payload().containsKey(field) ? count + 1 : count);
			this.keywordIndexes.forEach((field, index) -> keywords(point, field)
				.forEach(keyword -> index.computeIfAbsent(keyword, k -> new HashMap<>()).put(point.key(), point)));
		}

		private void remove(String key) {
			StoredPoint removed = this.points.remove(key);
			if (removed != null) {
				unindex(removed);
			}
		}

		/** Takes a point that is no longer stored out of the payload counts and indexes. */
		private void unindex(StoredPoint point) {
			this.pointsWithField.replaceAll((field, count) -> point.payload().containsKey(field) ? count - 1 : count);
			this.keywordIndexes.forEach((field, index) -> keywords(point, field).forEach(keyword -> {
				Map<String, StoredPoint> points = index.get(keyword);
				if (points != null) {
					points.remove(point.key());
				}
			}));
		}

		private static List<String> keywords(StoredPoint point, String field) {
			Value value = point.payload().get(field);
			if (value == null) {
				return List.of();
			}
			List<Value> values = value.hasListValue() ? value.getListValue().getValuesList() : List.of(value);
			return values.stream().filter(Value::hasStringValue).map(Value::getStringValue).toList();
		}

		/**
		 * The points a filter can match: those of one keyword when it must match a keyword of an indexed field,
		 * otherwise every point. The filter itself is still applied to each of them.
		 */
		private Map<String, StoredPoint> candidates(@Nullable Filter filter) {
			if (filter != null) {
				for (Condition condition : filter.getMustList()) {
					if (condition.hasField() && condition.getField().hasMatch()
							&& condition.getField().getMatch().hasKeyword()) {
						Map<String, Map<String, StoredPoint>> index = this.keywordIndexes
							.get(condition.getField().getKey());
						if (index != null) {
							return index.getOrDefault(condition.getField().getMatch().getKeyword(), Map.of());
						}
					}
				}
			}
			return this.points;
		}

		List<StoredPoint> get(List<PointId> ids) {
			List<String> keys = ids.stream().map(InProcessQdrantServer::key).toList();
			return read(() -> {
				List<StoredPoint> found = new ArrayList<>();
				for (String key : keys) {
					StoredPoint point = this.points.get(key);
					if (point != null) {
						found.add(point);
					}
				}
				return found;
			});
		}

		List<StoredPoint> matching(@Nullable Filter filter) {
			return read(() -> {
				Map<String, StoredPoint> candidates = candidates(filter);
				if (filter == null || answeredByIndex(filter)) {
					return new ArrayList<>(candidates.values());
				}
				return candidates.values().stream().filter(point -> matches(filter, point)).toList();
			});
		}

		/** Counts as {@link #matching} finds, without listing the points. */
		long count(@Nullable Filter filter) {
			return read(() -> {
				Map<String, StoredPoint> candidates = candidates(filter);
				if (filter == null || answeredByIndex(filter)) {
					return (long) candidates.size();
				}
				return candidates.values().stream().filter(point -> matches(filter, point)).count();
			});
		}

		/**
		 * Whether the payload index alone answers the filter, as Qdrant's does: a filter that is nothing but a match
		 * on an indexed keyword. Any other filter is checked on each candidate.
		 */
		private boolean answeredByIndex(Filter filter) {
			if (filter.getMustCount() != 1 || filter.getShouldCount() != 0 || filter.getMustNotCount() != 0
					|| filter.hasMinShould()) {
				return false;
			}
			Condition condition = filter.getMust(0);
			return condition.hasField() && condition.getField().hasMatch()
					&& condition.getField().getMatch().hasKeyword()
					&& this.keywordIndexes.containsKey(condition.getField().getKey());
		}

		/**
		 * At most {@code limit} points matching the filter, in id order, from the offset on. The candidates are
		 * ordered for each page, which costs a scroll of a large collection more than it costs Qdrant.
		 */
		List<StoredPoint> matchingFrom(@Nullable PointId offset, @Nullable Filter filter, long limit) {
			String from = (offset != null) ? key(offset) : null;
			return read(() -> candidates(filter).values()
				.stream()
				.filter(point -> from == null || point.key().compareTo(from) >= 0)
				.filter(point -> filter == null || matches(filter, point))
				.sorted(Comparator.comparing(StoredPoint::key))
				.limit(limit)
				.toList());
		}

		void index(String field, PayloadSchemaInfo info) {
			write(() -> {
				this.payloadSchema.put(field, info);
				this.pointsWithField.computeIfAbsent(field, (name) -> this.points.values()
					.stream()
					.filter(point -> point.payload().containsKey(name))
					.count());
				if (info.getDataType() == PayloadSchemaType.Keyword && !this.keywordIndexes.containsKey(field)) {
					Map<String, Map<String, StoredPoint>> index = new HashMap<>();
					this.points.values().forEach(point -> keywords(point, field).forEach(
							keyword -> index.computeIfAbsent(keyword, k -> new HashMap<>()).put(point.key(), point)));
					this.keywordIndexes.put(field, index);
				}
			});
		}

		CollectionInfo info() {
			Map<String, PayloadSchemaInfo> schema = new LinkedHashMap<>();
			int pointsCount = read(() -> {
				this.payloadSchema.forEach((field, info) -> schema.put(field, info.toBuilder()
					.setPoints(this.pointsWithField.getOrDefault(field, 0L))
					.build()));
				return this.points.size();
			});
			return CollectionInfo.newBuilder()
				.setStatus(CollectionStatus.Green)
				.setOptimizerStatus(OptimizerStatus.newBuilder().setOk(true))
				.setSegmentsCount(1)
				.setConfig(CollectionConfig.newBuilder()
					.setParams(CollectionParams.newBuilder()
						.setShardNumber(1)
						.setOnDiskPayload(true)
						.setVectorsConfig(this.vectorsConfig)
						.setReplicationFactor(1)
						.setWriteConsistencyFactor(1))
					.putAllMetadata(this.metadata))
				.putAllPayloadSchema(schema)
				.setPointsCount(pointsCount)
				.setIndexedVectorsCount(0)
				.build();
		}

	}

	private final class HealthService extends QdrantGrpc.QdrantImplBase {

		@Override
		public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> observer) {
			answer(observer, () -> HealthCheckReply.newBuilder()
				.setTitle("qdrant - vector search engine")
				.setVersion(VERSION)
				.build());
		}

	}

	private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {

		@Override
		public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
			answer(observer, () -> {
				String collection = request.getCollectionName();
				StoredCollection created = new StoredCollection(request.getVectorsConfig(), request.getMetadataMap());
				synchronized (InProcessQdrantServer.this.namesLock) {
					if (InProcessQdrantServer.this.collections.containsKey(collection)) {
						throw Status.ALREADY_EXISTS
							.withDescription("Wrong input: Collection `" + collection + "` already exists!")
							.asRuntimeException();
					}
					if (InProcessQdrantServer.this.aliases.containsKey(collection)) {
						throw wrongInput("Can't create collection with name " + collection
								+ ". Alias with the same name already exists");
					}
					InProcessQdrantServer.this.collections.put(collection, created);
				}
				return CollectionOperationResponse.newBuilder().setResult(true).build();
			});
		}

		@Override
		public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
			answer(observer, () -> GetCollectionInfoResponse.newBuilder()
				.setResult(resolve(request.getCollectionName()).info())
				.build());
		}

		@Override
		public void collectionExists(CollectionExistsRequest request,
				StreamObserver<CollectionExistsResponse> observer) {
			// Qdrant answers by resolving the name, so an alias exists as well.
			answer(observer, () -> {
				boolean exists = InProcessQdrantServer.this.collections
					.containsKey(resolvedName(request.getCollectionName()));
				return CollectionExistsResponse.newBuilder()
					.setResult(CollectionExists.newBuilder().setExists(exists))
					.build();
			});
		}

		@Override
		public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
			answer(observer, () -> {
				ListCollectionsResponse.Builder response = ListCollectionsResponse.newBuilder();
				InProcessQdrantServer.this.collections.keySet()
					.stream()
					.sorted()
					.forEach(name -> response.addCollections(CollectionDescription.newBuilder().setName(name)));
				return response.build();
			});
		}

		@Override
		public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
			// Like Qdrant, deleting a collection that is not there is no error: the result is just false. The name is
			// not resolved, and the aliases of the collection go with it.
			answer(observer, () -> {
				String collection = request.getCollectionName();
				synchronized (InProcessQdrantServer.this.namesLock) {
					Map<String, String> kept = new HashMap<>(InProcessQdrantServer.this.aliases);
					kept.values().removeIf(collection::equals);
					InProcessQdrantServer.this.aliases = Map.copyOf(kept);
					boolean removed = InProcessQdrantServer.this.collections.remove(collection) != null;
					return CollectionOperationResponse.newBuilder().setResult(removed).build();
				}
			});
		}

		@Override
		public void updateAliases(ChangeAliases request, StreamObserver<CollectionOperationResponse> observer) {
			answer(observer, () -> {
				InProcessQdrantServer.this.aliasChanges.add(request);
				changeAliases(request.getActionsList());
				return CollectionOperationResponse.newBuilder().setResult(true).build();
			});
		}

		@Override
		public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> observer) {
			answer(observer, () -> ListAliasesResponse.newBuilder().addAllAliases(aliasDescriptions(null)).build());
		}

		@Override
		public void listCollectionAliases(ListCollectionAliasesRequest request,
				StreamObserver<ListAliasesResponse> observer) {
			// Qdrant neither resolves the name nor requires the collection to exist.
			answer(observer, () -> ListAliasesResponse.newBuilder()
				.addAllAliases(aliasDescriptions(request.getCollectionName()))
				.build());
		}

	}

	private final class PointsService extends PointsGrpc.PointsImplBase {

		@Override
		public void createFieldIndex(CreateFieldIndexCollection request,
				StreamObserver<PointsOperationResponse> observer) {
			answer(observer, () -> {
				StoredCollection collection = resolve(request.getCollectionName());
				PayloadSchemaInfo.Builder info = PayloadSchemaInfo.newBuilder().setDataType(schemaType(request));
				if (request.hasFieldIndexParams()) {
					info.setParams(request.getFieldIndexParams());
				}
				collection.index(request.getFieldName(), info.build());
				return PointsOperationResponse.newBuilder().setResult(completed(request.getWait())).build();
			});
		}

		@Override
		public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
			answer(observer, () -> {
				InProcessQdrantServer.this.upsertCalls.incrementAndGet();
				Status fault = takeUpsertFault();
				if (fault != null) {
					throw fault.asRuntimeException();
				}
				resolve(request.getCollectionName()).upsert(request.getPointsList());
				return PointsOperationResponse.newBuilder().setResult(completed(request.getWait())).build();
			});
		}

		@Override
		public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
			// Like Qdrant, checks the selector before it looks the collection up, and ignores ids without a point.
			answer(observer, () -> {
				InProcessQdrantServer.this.lastDelete.set(request);
				Status fault = takeDeleteFault();
				if (fault != null) {
					throw fault.asRuntimeException();
				}
				if (!request.hasPoints()) {
					throw Status.INVALID_ARGUMENT.withDescription("PointSelector is missing").asRuntimeException();
				}
				PointsSelector selector = request.getPoints();
				switch (selector.getPointsSelectorOneOfCase()) {
					case POINTS -> {
						List<String> keys = selector.getPoints()
							.getIdsList()
							.stream()
							.map(InProcessQdrantServer::key)
							.toList();
						resolve(request.getCollectionName()).delete(keys);
					}
					case FILTER -> resolve(request.getCollectionName()).deleteMatching(selector.getFilter());
					case POINTSSELECTORONEOF_NOT_SET -> throw Status.INVALID_ARGUMENT
						.withDescription("Malformed PointsSelector type")
						.asRuntimeException();
				}
				return PointsOperationResponse.newBuilder().setResult(completed(request.getWait())).build();
			});
		}

		@Override
		public void get(GetPoints request, StreamObserver<GetResponse> observer) {
			answer(observer, () -> {
				InProcessQdrantServer.this.getPointsCalls.incrementAndGet();
				StoredCollection collection = resolve(request.getCollectionName());
				GetResponse.Builder response = GetResponse.newBuilder();
				for (StoredPoint point : collection.get(request.getIdsList())) {
					response.addResult(retrieved(collection, point, request.hasWithPayload(), request.getWithPayload(),
							request.hasWithVectors(), request.getWithVectors()));
				}
				return response.build();
			});
		}

		@Override
		public void query(QueryPoints request, StreamObserver<QueryResponse> observer) {
			answer(observer, () -> {
				InProcessQdrantServer.this.lastQuery.set(request);
				StoredCollection collection = resolve(request.getCollectionName());
				if (request.getPrefetchCount() > 0 || request.hasLookupFrom()) {
					throw unimplemented("prefetch and lookup_from");
				}
				if (!request.getQuery().hasNearest() || !request.getQuery().getNearest().hasDense()) {
					throw unimplemented("queries other than nearest to a dense vector");
				}
				VectorInput nearest = request.getQuery().getNearest();
				String using = request.hasUsing() ? request.getUsing() : "";
				VectorParams params = collection.vectors().get(using);
				if (params == null) {
					throw wrongInput("Not existing vector name error: " + using);
				}
				List<Float> query = nearest.getDense().getDataList();
				if (query.size() != params.getSize()) {
					throw wrongInput("Vector dimension error: expected dim: " + params.getSize() + ", got "
							+ query.size());
				}
				if (params.getDistance() != Distance.Cosine) {
					throw unimplemented(params.getDistance() + " distance");
				}
				List<Float> unit = normalise(query);
				long offset = request.hasOffset() ? request.getOffset() : 0;
				long limit = request.hasLimit() ? request.getLimit() : DEFAULT_LIMIT;
				Comparator<Scored> best = Comparator.comparing(Scored::score)
					.reversed()
					.thenComparing((hit) -> hit.point().key());
				// The best offset + limit points in a bounded heap whose head is the worst of them.
				PriorityQueue<Scored> kept = new PriorityQueue<>(best.reversed());
				for (StoredPoint point : collection.matching(request.hasFilter() ? request.getFilter() : null)) {
					List<Float> stored = point.vectors().get(using);
					if (stored == null) {
						continue;
					}
					float score = dot(unit, stored);
					if (request.hasScoreThreshold() && score < request.getScoreThreshold()) {
						continue;
					}
					kept.add(new Scored(point, score));
					if (kept.size() > offset + limit) {
						kept.poll();
					}
				}
				List<Scored> scored = new ArrayList<>(kept);
				scored.sort(best);
				// Payloads and vectors only for the points answered: building them for every point scored made each
				// search of a large collection cost seconds.
				List<ScoredPoint> result = new ArrayList<>();
				for (Scored hit : scored.stream().skip(offset).limit(limit).toList()) {
					ScoredPoint.Builder point = ScoredPoint.newBuilder()
						.setId(hit.point().id())
						.setScore(hit.score())
						.putAllPayload(
								payload(hit.point(), request.hasWithPayload(), request.getWithPayload(), false));
					VectorsOutput vectors = vectors(collection, hit.point(), request.hasWithVectors(),
							request.getWithVectors());
					if (vectors != null) {
						point.setVectors(vectors);
					}
					result.add(point.build());
				}
				return QueryResponse.newBuilder().addAllResult(result).build();
			});
		}

		@Override
		public void count(CountPoints request, StreamObserver<CountResponse> observer) {
			answer(observer, () -> {
				StoredCollection collection = resolve(request.getCollectionName());
				long count = collection.count(request.hasFilter() ? request.getFilter() : null);
				return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(count)).build();
			});
		}

		@Override
		public void scroll(ScrollPoints request, StreamObserver<ScrollResponse> observer) {
			answer(observer, () -> {
				InProcessQdrantServer.this.scrollCalls.incrementAndGet();
				if (request.hasOrderBy()) {
					throw unimplemented("order_by");
				}
				StoredCollection collection = resolve(request.getCollectionName());
				int limit = request.hasLimit() ? request.getLimit() : DEFAULT_LIMIT;
				// One more than a page tells where the next page starts.
				List<StoredPoint> matching = collection.matchingFrom(request.hasOffset() ? request.getOffset() : null,
						request.hasFilter() ? request.getFilter() : null, (long) limit + 1);
				ScrollResponse.Builder response = ScrollResponse.newBuilder();
				matching.stream()
					.limit(limit)
					.forEach(point -> response.addResult(retrieved(collection, point, request.hasWithPayload(),
							request.getWithPayload(), request.hasWithVectors(), request.getWithVectors())));
				if (matching.size() > limit) {
					response.setNextPageOffset(matching.get(limit).id());
				}
				return response.build();
			});
		}

		private RetrievedPoint retrieved(StoredCollection collection, StoredPoint point, boolean hasPayloadSelector,
				WithPayloadSelector payloadSelector, boolean hasVectorsSelector, WithVectorsSelector vectorsSelector) {
			RetrievedPoint.Builder retrieved = RetrievedPoint.newBuilder()
				.setId(point.id())
				.putAllPayload(payload(point, hasPayloadSelector, payloadSelector, true));
			VectorsOutput vectors = vectors(collection, point, hasVectorsSelector, vectorsSelector);
			if (vectors != null) {
				retrieved.setVectors(vectors);
			}
			return retrieved.build();
		}

	}

}
