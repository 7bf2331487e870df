package io.reembed.store.qdrant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantException;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.CollectionSpec;
import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.PayloadKeys;
import io.reembed.store.PointLocks;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.TransientVectorStoreException;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link VectorStore} on a Qdrant server over gRPC. Each vector type is a named vector with cosine distance, the
 * tenant is a keyword payload index marked as tenant key, and the collection metadata records the model, so that a
 * collection never mixes vectors of two models.
 */
public final class QdrantVectorStore implements VectorStore, AutoCloseable {

	/** Collection metadata key of the model fingerprint. */
	static final String METADATA_MODEL = "model";

	/** Collection metadata key of the vector dimensions. */
	static final String METADATA_DIMENSIONS = "dimensions";

	/** Collection metadata key of the vector types, in the order they were asked for. */
	static final String METADATA_VECTOR_TYPES = "vector_types";

	private static final int SCROLL_PAGE_SIZE = 1_000;

	private static final Logger logger = LoggerFactory.getLogger(QdrantVectorStore.class);

	private final QdrantClient client;

	/**
	 * The collections this store has written to. A collection's model and vectors never change after creation, so
	 * the hot upsert path need not ask for them again; a deleted collection is forgotten, and so is an alias this
	 * store switches or deletes.
	 */
	private final Map<String, CollectionSpec> specs = new ConcurrentHashMap<>();

	/** By point id alone: the same point of two collections only takes turns, which costs nothing worth a map. */
	private final PointLocks pointLocks = new PointLocks();

	public QdrantVectorStore(QdrantClient client) {
		Assert.notNull(client, "client must not be null");
		this.client = client;
	}

	/**
	 * Connects to a Qdrant server; the store owns the connection and closes it with {@link #close()}.
	 * @param host gRPC host
	 * @param port gRPC port, usually 6334
	 * @param apiKey API key sent with every call, or {@code null} when the server requires none
	 * @param tls whether the connection uses TLS
	 * @param timeout deadline of each call
	 */
	public static QdrantVectorStore connect(String host, int port, @Nullable String apiKey, boolean tls,
			Duration timeout) {
		Assert.hasText(host, "host must not be empty");
		Assert.isTrue(port > 0 && port <= 65_535, "port must be between 1 and 65535");
		Assert.notNull(timeout, "timeout must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(host, port, tls).withTimeout(timeout);
		if (StringUtils.hasText(apiKey)) {
			builder.withApiKey(apiKey);
		}
		return new QdrantVectorStore(new QdrantClient(builder.build()));
	}

	@Override
	public void ensureCollection(CollectionSpec spec) {
		Assert.notNull(spec, "spec must not be null");
		String name = spec.name();
		Optional<CollectionInfo> existing = collectionInfo(name);
		if (existing.isEmpty()) {
			if (create(spec)) {
				createTenantIndex(name);
				return;
			}
			// Another worker created it between our read and our create: check theirs like any existing one.
			existing = collectionInfo(name);
			if (existing.isEmpty()) {
				throw new VectorStoreException("Collection '" + name + "' was reported to exist but cannot be read");
			}
		}
		CollectionInfo info = existing.get();
		checkCompatible(spec, info);
		if (!info.getPayloadSchemaMap().containsKey(PayloadKeys.CLIENT_ID)) {
			// A run that stopped right after creating the collection left it without its tenant index.
			createTenantIndex(name);
		}
	}

	@Override
	public Optional<CollectionSpec> describe(String collection) {
		Assert.hasText(collection, "collection must not be empty");
		return collectionInfo(collection).map(info -> toSpec(collection, info));
	}

	@Override
	public void upsert(String collection, List<VectorPoint> points) {
		Assert.hasText(collection, "collection must not be empty");
		Assert.notNull(points, "points must not be null");
		if (points.isEmpty()) {
			return;
		}
		CollectionSpec spec = this.specs.computeIfAbsent(collection,
				(name) -> toSpec(name, requireCollectionInfo(name)));
		spec.requireModelOf(points);
		Set<String> vectorTypes = Set.copyOf(spec.vectorTypes());
		List<VectorPoint> partial = points.stream()
			.filter(point -> !point.vectors().keySet().containsAll(vectorTypes))
			.toList();
		// A partial point's other vector types are read and written back: writers of the same points, such as the
		// partitions of two vector types, take turns, or one would write back what the other just replaced.
		Set<UUID> ids = points.stream().map(VectorPoint::id).collect(Collectors.toSet());
		lock(collection, ids);
		try {
			Map<UUID, Map<String, List<Float>>> kept = partial.isEmpty() ? Map.of()
					: existingVectors(collection, partial, vectorTypes);
			List<PointStruct> structs = new ArrayList<>(points.size());
			for (VectorPoint point : points) {
				structs.add(toStruct(point, kept.getOrDefault(point.id(), Map.of())));
			}
			UpsertPoints request = UpsertPoints.newBuilder()
				.setCollectionName(collection)
				.setWait(true)
				.addAllPoints(structs)
				.build();
			call(collection, "upsert points into", () -> this.client.upsertAsync(request));
		}
		catch (CollectionNotFoundException ex) {
			this.specs.remove(collection);
			throw ex;
		}
		finally {
			this.pointLocks.unlock(ids);
		}
	}

	private void lock(String collection, Set<UUID> ids) {
		try {
			this.pointLocks.lock(ids);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientVectorStoreException("Interrupted while waiting to write points of collection '"
					+ collection + "'", ex);
		}
	}

	@Override
	public void delete(String collection, Collection<UUID> pointIds) {
		Assert.hasText(collection, "collection must not be empty");
		Assert.notNull(pointIds, "pointIds must not be null");
		Assert.noNullElements(pointIds, "pointIds must not contain null");
		if (pointIds.isEmpty()) {
			return;
		}
		List<PointId> ids = new LinkedHashSet<>(pointIds).stream().map(PointIdFactory::id).toList();
		DeletePoints request = DeletePoints.newBuilder()
			.setCollectionName(collection)
			.setWait(true)
			.setPoints(PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder().addAllIds(ids)))
			.build();
		try {
			call(collection, "delete points of", () -> this.client.deleteAsync(request));
		}
		catch (CollectionNotFoundException ex) {
			this.specs.remove(collection);
			throw ex;
		}
	}

	/**
	 * Deletes and recreates the alias in one {@code UpdateCollectionAliases} request. Qdrant applies the actions of
	 * one request under a lock that searches also take, so no search finds the alias missing in between. Qdrant 1.18
	 * checks each action only when it reaches it, though, and keeps the actions before a failing one: the target is
	 * checked here first, so that only a collection deleted between the check and the request can cost the alias.
	 */
	@Override
	public void switchAlias(String alias, String collection) {
		Assert.hasText(alias, "alias must not be empty");
		Assert.hasText(collection, "collection must not be empty");
		Set<String> collections = collections();
		if (!collections.contains(collection)) {
			throw new CollectionNotFoundException(collection);
		}
		if (collections.contains(alias)) {
			throw new IllegalArgumentException(nameTaken(alias, collection));
		}
		List<AliasOperations> actions = List.of(
				AliasOperations.newBuilder().setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build(),
				AliasOperations.newBuilder()
					.setCreateAlias(CreateAlias.newBuilder().setAliasName(alias).setCollectionName(collection))
					.build());
		// The vector types cached under the alias's name may be those of the collection it pointed to before.
		this.specs.remove(alias);
		try {
			call(collection, "point alias '" + alias + "' to", () -> this.client.updateAliasesAsync(actions));
		}
		catch (VectorStoreException ex) {
			if (alreadyExists(ex)) {
				// A collection of the alias's name was created after the check.
				throw new IllegalArgumentException(nameTaken(alias, collection), ex);
			}
			throw ex;
		}
		logger.info("Pointed Qdrant alias {} to collection {}", alias, collection);
	}

	@Override
	public Optional<String> aliasTarget(String alias) {
		Assert.hasText(alias, "alias must not be empty");
		return Optional.ofNullable(aliases().get(alias));
	}

	@Override
	public void deleteAlias(String alias) {
		Assert.hasText(alias, "alias must not be empty");
		this.specs.remove(alias);
		// Qdrant deletes an alias only if it exists and reports success either way.
		call("delete alias '" + alias + "'", () -> this.client.deleteAliasAsync(alias));
	}

	@Override
	public Map<String, String> aliases() {
		List<AliasDescription> described = call("list aliases", () -> this.client.listAliasesAsync());
		Map<String, String> aliases = new TreeMap<>();
		described.forEach(alias -> aliases.put(alias.getAliasName(), alias.getCollectionName()));
		return Collections.unmodifiableMap(aliases);
	}

	@Override
	public Set<String> collections() {
		List<String> names = call("list collections", () -> this.client.listCollectionsAsync());
		return Collections.unmodifiableSet(new TreeSet<>(names));
	}

	@Override
	public List<SearchHit> search(String collection, SearchRequest request) {
		Assert.hasText(collection, "collection must not be empty");
		Assert.notNull(request, "request must not be null");
		QueryPoints query = QueryPoints.newBuilder()
			.setCollectionName(collection)
			.setQuery(QueryFactory.nearest(request.vector()))
			.setUsing(request.vectorType())
			.setFilter(tenant(request.clientId()))
			.setLimit(request.limit())
			.setWithPayload(WithPayloadSelectorFactory.enable(true))
			.build();
		List<ScoredPoint> points = call(collection, "search", () -> this.client.queryAsync(query));
		List<SearchHit> hits = new ArrayList<>(points.size());
		for (ScoredPoint point : points) {
			hits.add(new SearchHit(uuid(collection, point.getId()), point.getScore(),
					QdrantPayloads.toJava(point.getPayloadMap())));
		}
		return Collections.unmodifiableList(hits);
	}

	@Override
	public long count(String collection, String clientId) {
		Assert.hasText(collection, "collection must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Filter filter = tenant(clientId);
		return call(collection, "count points of", () -> this.client.countAsync(collection, filter, true));
	}

	@Override
	public Set<UUID> pointIds(String collection, String clientId) {
		Assert.hasText(collection, "collection must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Set<UUID> ids = new LinkedHashSet<>();
		PointId offset = null;
		do {
			ScrollPoints.Builder page = ScrollPoints.newBuilder()
				.setCollectionName(collection)
				.setFilter(tenant(clientId))
				.setLimit(SCROLL_PAGE_SIZE)
				.setWithPayload(WithPayloadSelectorFactory.enable(false))
				.setWithVectors(WithVectorsSelectorFactory.enable(false));
			if (offset != null) {
				page.setOffset(offset);
			}
			ScrollPoints request = page.build();
			ScrollResponse response = call(collection, "list points of", () -> this.client.scrollAsync(request));
			response.getResultList().forEach(point -> ids.add(uuid(collection, point.getId())));
			offset = response.hasNextPageOffset() ? response.getNextPageOffset() : null;
		}
		while (offset != null);
		return Collections.unmodifiableSet(ids);
	}

	@Override
	public void deleteCollection(String collection) {
		Assert.hasText(collection, "collection must not be empty");
		this.specs.remove(collection);
		if (!exists(collection)) {
			return;
		}
		// Qdrant would drop the aliases along with the collection, and a reader of an alias would find nothing.
		List<String> aliases = call(collection, "list the aliases of",
				() -> this.client.listCollectionAliasesAsync(collection));
		if (!aliases.isEmpty()) {
			throw new IllegalStateException("Collection '" + collection
					+ "' cannot be deleted while aliases point to it: " + joinedNames(aliases));
		}
		try {
			call(collection, "delete", () -> this.client.deleteCollectionAsync(collection));
			logger.info("Deleted Qdrant collection {}", collection);
		}
		catch (CollectionNotFoundException ex) {
			// Deleted by someone else since we looked: the outcome asked for.
		}
		catch (VectorStoreException ex) {
			// Qdrant answers "false" when there was nothing left to delete, which the client raises as QdrantException.
			if (!(ex.getCause() instanceof QdrantException)) {
				throw ex;
			}
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

	private boolean exists(String collection) {
		return call(collection, "look up", () -> this.client.collectionExistsAsync(collection));
	}

	private Optional<CollectionInfo> collectionInfo(String collection) {
		if (!exists(collection)) {
			return Optional.empty();
		}
		try {
			return Optional.of(requireCollectionInfo(collection));
		}
		catch (CollectionNotFoundException ex) {
			return Optional.empty();
		}
	}

	private CollectionInfo requireCollectionInfo(String collection) {
		return call(collection, "read", () -> this.client.getCollectionInfoAsync(collection));
	}

	/** Creates the collection; {@code false} when it exists already. */
	private boolean create(CollectionSpec spec) {
		Map<String, VectorParams> vectors = new LinkedHashMap<>();
		for (String vectorType : spec.vectorTypes()) {
			vectors.put(vectorType,
					VectorParams.newBuilder().setSize(spec.dimensions()).setDistance(Distance.Cosine).build());
		}
		List<Value> vectorTypes = spec.vectorTypes().stream().map(ValueFactory::value).toList();
		CreateCollection request = CreateCollection.newBuilder()
			.setCollectionName(spec.name())
			.setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder().putAllMap(vectors)))
			.putMetadata(METADATA_MODEL, ValueFactory.value(spec.modelFingerprint()))
			.putMetadata(METADATA_DIMENSIONS, ValueFactory.value((long) spec.dimensions()))
			.putMetadata(METADATA_VECTOR_TYPES, ValueFactory.list(vectorTypes))
			.build();
		try {
			call(spec.name(), "create", () -> this.client.createCollectionAsync(request));
		}
		catch (VectorStoreException ex) {
			if (alreadyExists(ex)) {
				return false;
			}
			throw ex;
		}
		logger.info("Created Qdrant collection {} with vector types {} of {} dimensions", spec.name(),
				spec.vectorTypes(), spec.dimensions());
		return true;
	}

	private void createTenantIndex(String collection) {
		CreateFieldIndexCollection request = CreateFieldIndexCollection.newBuilder()
			.setCollectionName(collection)
			.setWait(true)
			.setFieldName(PayloadKeys.CLIENT_ID)
			.setFieldType(FieldType.FieldTypeKeyword)
			.setFieldIndexParams(PayloadIndexParams.newBuilder()
				.setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(true)))
			.build();
		call(collection, "index the tenant of", () -> this.client.createPayloadIndexAsync(request, null));
	}

	private static void checkCompatible(CollectionSpec spec, CollectionInfo info) {
		Map<String, VectorParams> vectors = namedVectors(info);
		List<String> problems = new ArrayList<>();
		String model = metadataString(info, METADATA_MODEL);
		if (!spec.modelFingerprint().equals(model)) {
			problems.add((model != null) ? "it holds model '" + model + "'" : "it records no model");
		}
		Set<Long> dimensions = new TreeSet<>();
		vectors.values().forEach(params -> dimensions.add(params.getSize()));
		if (!dimensions.isEmpty() && !dimensions.equals(Set.of((long) spec.dimensions()))) {
			problems.add("its vectors have " + joined(dimensions) + " dimensions");
		}
		List<String> missing = spec.vectorTypes().stream().filter(type -> !vectors.containsKey(type)).toList();
		if (!missing.isEmpty()) {
			problems.add("it lacks the vector types " + missing);
		}
		vectors.forEach((type, params) -> {
			if (spec.vectorTypes().contains(type) && params.getDistance() != Distance.Cosine) {
				problems.add("vector type '" + type + "' uses " + params.getDistance() + " distance, not Cosine");
			}
		});
		if (!problems.isEmpty()) {
			throw new IncompatibleCollectionException("Collection '" + spec.name() + "' cannot take model '"
					+ spec.modelFingerprint() + "' with " + spec.dimensions() + " dimensions and vector types "
					+ spec.vectorTypes() + ": " + String.join("; ", problems));
		}
	}

	private static CollectionSpec toSpec(String collection, CollectionInfo info) {
		Map<String, VectorParams> vectors = namedVectors(info);
		if (vectors.isEmpty()) {
			throw new IncompatibleCollectionException(
					"Collection '" + collection + "' has no named vectors; it was not created by reembed");
		}
		String model = metadataString(info, METADATA_MODEL);
		if (model == null) {
			throw new IncompatibleCollectionException(
					"Collection '" + collection + "' records no model; it was not created by reembed");
		}
		Set<Long> dimensions = new TreeSet<>();
		vectors.values().forEach(params -> dimensions.add(params.getSize()));
		if (dimensions.size() != 1) {
			throw new IncompatibleCollectionException(
					"Collection '" + collection + "' has vectors of " + joined(dimensions) + " dimensions");
		}
		return new CollectionSpec(collection, Math.toIntExact(dimensions.iterator().next()), model,
				vectorTypes(info, vectors.keySet()));
	}

	/** The vector types in the order they were created with, as the server may list its map in any order. */
	private static List<String> vectorTypes(CollectionInfo info, Set<String> present) {
		Set<String> ordered = new LinkedHashSet<>();
		Value recorded = info.getConfig().getMetadataMap().get(METADATA_VECTOR_TYPES);
		if (recorded != null && recorded.hasListValue()) {
			for (Value type : recorded.getListValue().getValuesList()) {
				if (type.hasStringValue() && present.contains(type.getStringValue())) {
					ordered.add(type.getStringValue());
				}
			}
		}
		ordered.addAll(new TreeSet<>(present));
		return List.copyOf(ordered);
	}

	private static Map<String, VectorParams> namedVectors(CollectionInfo info) {
		VectorsConfig config = info.getConfig().getParams().getVectorsConfig();
		return config.hasParamsMap() ? config.getParamsMap().getMapMap() : Map.of();
	}

	private static @Nullable String metadataString(CollectionInfo info, String key) {
		Value value = info.getConfig().getMetadataMap().get(key);
		return (value != null && value.hasStringValue()) ? value.getStringValue() : null;
	}

	private static String joined(Set<Long> dimensions) {
		return StringUtils.collectionToDelimitedString(dimensions, " and ");
	}

	private static String nameTaken(String alias, String collection) {
		return "Alias '" + alias + "' cannot point to collection '" + collection + "': a collection has that name";
	}

	private static String joinedNames(List<String> names) {
		return StringUtils.collectionToDelimitedString(new TreeSet<>(names), ", ", "'", "'");
	}

	/** The stored vectors that the partial points do not carry, by point id and vector type. */
	private Map<UUID, Map<String, List<Float>>> existingVectors(String collection, List<VectorPoint> partial,
			Set<String> vectorTypes) {
		Set<String> missing = new TreeSet<>();
		Set<UUID> ids = new LinkedHashSet<>();
		for (VectorPoint point : partial) {
			ids.add(point.id());
			vectorTypes.stream().filter(type -> !point.vectors().containsKey(type)).forEach(missing::add);
		}
		GetPoints request = GetPoints.newBuilder()
			.setCollectionName(collection)
			.addAllIds(ids.stream().map(PointIdFactory::id).toList())
			.setWithPayload(WithPayloadSelectorFactory.enable(false))
			.setWithVectors(WithVectorsSelectorFactory.include(List.copyOf(missing)))
			.build();
		List<RetrievedPoint> existing = call(collection, "read points of",
				() -> this.client.retrieveAsync(request, null));
		Map<UUID, Map<String, List<Float>>> vectors = new HashMap<>();
		for (RetrievedPoint point : existing) {
			Map<String, List<Float>> named = new HashMap<>();
			point.getVectors().getVectors().getVectorsMap().forEach((type, output) -> {
				List<Float> data = denseData(output);
				if (!data.isEmpty()) {
					named.put(type, data);
				}
			});
			vectors.put(uuid(collection, point.getId()), named);
		}
		return vectors;
	}

	private static List<Float> denseData(VectorOutput output) {
		DenseVector dense = VectorOutputHelper.getDenseVector(output);
		return (dense != null) ? dense.getDataList() : List.of();
	}

	private static PointStruct toStruct(VectorPoint point, Map<String, List<Float>> kept) {
		Map<String, Vector> vectors = new LinkedHashMap<>();
		kept.forEach((type, data) -> {
			if (!point.vectors().containsKey(type)) {
				vectors.put(type, VectorFactory.vector(data));
			}
		});
		point.vectors().forEach((type, data) -> vectors.put(type, dense(data)));
		return PointStruct.newBuilder()
			.setId(PointIdFactory.id(point.id()))
			.setVectors(VectorsFactory.namedVectors(vectors))
			.putAllPayload(QdrantPayloads.toValues(point))
			.build();
	}

	/** Adds the floats one by one: the client's own factory boxes every one of them on the hot path. */
	private static Vector dense(float[] data) {
		DenseVector.Builder dense = DenseVector.newBuilder();
		for (float value : data) {
			dense.addData(value);
		}
		return Vector.newBuilder().setDense(dense).build();
	}

	private static Filter tenant(String clientId) {
		return Filter.newBuilder().addMust(ConditionFactory.matchKeyword(PayloadKeys.CLIENT_ID, clientId)).build();
	}

	private static UUID uuid(String collection, PointId id) {
		if (!id.hasUuid()) {
			throw new VectorStoreException(
					"Collection '" + collection + "' holds point " + id.getNum() + " whose id is not a UUID");
		}
		return UUID.fromString(id.getUuid());
	}

	/** Waits for the call and turns its failure into the port's exceptions, cause kept. */
	private <T> T call(String collection, String action, Supplier<ListenableFuture<T>> request) {
		return await(request, action + " collection '" + collection + "'",
				(failure) -> translate(collection, action, failure));
	}

	/** Waits for a call that names no collection, such as a listing, and turns its failure into the port's. */
	private <T> T call(String action, Supplier<ListenableFuture<T>> request) {
		return await(request, action, (failure) -> translate(action, failure));
	}

	private static <T> T await(Supplier<ListenableFuture<T>> request, String task,
			Function<Throwable, VectorStoreException> translation) {
		ListenableFuture<T> future = request.get();
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new VectorStoreException("Interrupted while waiting for Qdrant to " + task, ex);
		}
		catch (ExecutionException ex) {
			Throwable failure = (ex.getCause() != null) ? ex.getCause() : ex;
			throw translation.apply(failure);
		}
	}

	static VectorStoreException translate(String collection, String action, Throwable failure) {
		Status status = Status.fromThrowable(failure);
		String description = description(status, failure);
		String message = "Qdrant could not " + action + " collection '" + collection + "': " + status.getCode() + " "
				+ description;
		if (status.getCode() == Status.Code.NOT_FOUND || saysCollectionIsMissing(description)) {
			return new CollectionNotFoundException(collection, failure);
		}
		if (status.getCode() == Status.Code.INVALID_ARGUMENT && rejectsVector(description)) {
			return new IncompatibleCollectionException(message, failure);
		}
		return isTransient(status) ? new TransientVectorStoreException(message, failure)
				: new VectorStoreException(message, failure);
	}

	private static VectorStoreException translate(String action, Throwable failure) {
		Status status = Status.fromThrowable(failure);
		String message = "Qdrant could not " + action + ": " + status.getCode() + " " + description(status, failure);
		return isTransient(status) ? new TransientVectorStoreException(message, failure)
				: new VectorStoreException(message, failure);
	}

	private static String description(Status status, Throwable failure) {
		return (status.getDescription() != null) ? status.getDescription() : String.valueOf(failure.getMessage());
	}

	private static boolean isTransient(Status status) {
		return switch (status.getCode()) {
			case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL -> true;
			default -> false;
		};
	}

	private static boolean saysCollectionIsMissing(String description) {
		String text = description.toLowerCase(Locale.ROOT);
		return text.contains("collection") && (text.contains("doesn't exist") || text.contains("does not exist"));
	}

	private static boolean rejectsVector(String description) {
		String text = description.toLowerCase(Locale.ROOT);
		return text.contains("vector dimension") || text.contains("vector name");
	}

	private static boolean alreadyExists(VectorStoreException ex) {
		Status status = Status.fromThrowable(ex);
		return status.getCode() == Status.Code.ALREADY_EXISTS
				|| (status.getCode() == Status.Code.INVALID_ARGUMENT && status.getDescription() != null
						&& status.getDescription().contains("already exists"));
	}

}
