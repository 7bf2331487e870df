package io.reembed.store.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.CollectionSpec;
import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.PayloadKeys;
import io.reembed.store.PointIds;
import io.reembed.store.SearchRequest;
import io.reembed.store.TransientVectorStoreException;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Qdrant adapter does beyond the contract: the collection layout, the tenant filter, merging of partial
 * points, the alias requests and the mapping of gRPC failures, checked against the in-process stand-in server.
 */
class QdrantVectorStoreTests {

	private static final String MODEL = "local-onnx/all-minilm-l6-v2@1/4/normalized";

	private static final List<String> VECTOR_TYPES = List.of("content", "summary");

	private InProcessQdrantServer server;

	private QdrantClient inspector;

	private QdrantVectorStore store;

	private CollectionSpec spec;

	@BeforeEach
	void startServer() throws Exception {
		this.server = InProcessQdrantServer.start();
		this.inspector = this.server.newClient();
		this.store = new QdrantVectorStore(this.server.newClient());
		this.spec = new CollectionSpec("docs_" + UUID.randomUUID().toString().replace("-", ""), 4, MODEL,
				VECTOR_TYPES);
	}

	@AfterEach
	void stopServer() throws Exception {
		this.store.close();
		this.inspector.close();
		this.server.close();
	}

	@Test
	void collectionRecordsTheModelInItsMetadata() throws Exception {
		// when
		this.store.ensureCollection(this.spec);

		// then
		CollectionInfo info = this.inspector.getCollectionInfoAsync(this.spec.name()).get();
		assertThat(info.getConfig().getMetadataMap())
			.containsEntry(QdrantVectorStore.METADATA_MODEL, ValueFactory.value(MODEL))
			.containsEntry(QdrantVectorStore.METADATA_DIMENSIONS, ValueFactory.value(4L))
			.containsEntry(QdrantVectorStore.METADATA_VECTOR_TYPES,
					ValueFactory.list(List.of(ValueFactory.value("content"), ValueFactory.value("summary"))));
	}

	@Test
	void collectionHasOneNamedCosineVectorPerVectorTypeAndATenantIndex() throws Exception {
		// when
		this.store.ensureCollection(this.spec);

		// then
		CollectionInfo info = this.inspector.getCollectionInfoAsync(this.spec.name()).get();
		Map<String, VectorParams> vectors = info.getConfig().getParams().getVectorsConfig().getParamsMap().getMapMap();
		assertThat(vectors).containsOnlyKeys(VECTOR_TYPES)
			.allSatisfy((type, params) -> {
				assertThat(params.getSize()).isEqualTo(4);
				assertThat(params.getDistance()).isEqualTo(Distance.Cosine);
			});
		PayloadSchemaInfo tenant = info.getPayloadSchemaMap().get(PayloadKeys.CLIENT_ID);
		assertThat(tenant.getDataType()).isEqualTo(PayloadSchemaType.Keyword);
		assertThat(tenant.getParams().getKeywordIndexParams().getIsTenant()).isTrue();
	}

	@Test
	void ensuringAddsTheTenantIndexThatAnInterruptedRunLeftOut() throws Exception {
		// given
		VectorParams params = VectorParams.newBuilder().setSize(4).setDistance(Distance.Cosine).build();
		this.inspector.createCollectionAsync(CreateCollection.newBuilder()
			.setCollectionName(this.spec.name())
			.setVectorsConfig(VectorsConfig.newBuilder()
				.setParamsMap(VectorParamsMap.newBuilder().putMap("content", params).putMap("summary", params)))
			.putMetadata(QdrantVectorStore.METADATA_MODEL, ValueFactory.value(MODEL))
			.build()).get();

		// when
		this.store.ensureCollection(this.spec);

		// then
		CollectionInfo info = this.inspector.getCollectionInfoAsync(this.spec.name()).get();
		assertThat(info.getPayloadSchemaMap()).containsKey(PayloadKeys.CLIENT_ID);
		assertThat(this.store.describe(this.spec.name())).contains(this.spec);
	}

	@Test
	void collectionWithoutModelMetadataIsIncompatible() throws Exception {
		// given
		this.inspector.createCollectionAsync(this.spec.name(),
				Map.of("content", VectorParams.newBuilder().setSize(4).setDistance(Distance.Cosine).build(), "summary",
						VectorParams.newBuilder().setSize(4).setDistance(Distance.Cosine).build()))
			.get();

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.ensureCollection(this.spec))
			.withMessageContaining(this.spec.name())
			.withMessageContaining("records no model");
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.describe(this.spec.name()));
	}

	@Test
	void incompatibleCollectionIsReportedWithExpectedAndActualValues() {
		// given
		this.store.ensureCollection(this.spec);
		CollectionSpec other = new CollectionSpec(this.spec.name(), 8, "openai/text-embedding-3-small@1/8/normalized",
				List.of("content", "metadata"));

		// when / then
		assertThatExceptionOfType(IncompatibleCollectionException.class)
			.isThrownBy(() -> this.store.ensureCollection(other))
			.withMessageContaining(this.spec.name())
			.withMessageContaining("openai/text-embedding-3-small@1/8/normalized")
			.withMessageContaining(MODEL)
			.withMessageContaining("8 dimensions")
			.withMessageContaining("4 dimensions")
			.withMessageContaining("[metadata]");
	}

	@Test
	void searchAlwaysFiltersByTheClient() {
		// given
		this.store.ensureCollection(this.spec);

		// when
		this.store.search(this.spec.name(), new SearchRequest("summary", "client-a", new float[] { 1, 0, 0, 0 }, 3));

		// then
		QueryPoints query = this.server.lastQuery().orElseThrow();
		assertThat(query.getUsing()).isEqualTo("summary");
		assertThat(query.getLimit()).isEqualTo(3);
		assertThat(query.getFilter()).isEqualTo(
				Filter.newBuilder().addMust(ConditionFactory.matchKeyword(PayloadKeys.CLIENT_ID, "client-a")).build());
	}

	@Test
	void pointsCarryingEveryVectorTypeAreWrittenInOneUpsert() {
		// given
		this.store.ensureCollection(this.spec);

		// when
		this.store.upsert(this.spec.name(), List.of(point("1", Map.of("content", unit(0), "summary", unit(1)))));

		// then
		assertThat(this.server.upsertCalls()).isEqualTo(1);
		assertThat(this.server.getPointsCalls()).isZero();
	}

	@Test
	void pointsLackingAVectorTypeAreMergedWithTheStoredOnes() {
		// given
		this.store.ensureCollection(this.spec);
		this.store.upsert(this.spec.name(), List.of(point("1", Map.of("content", unit(0), "summary", unit(1)))));

		// when
		this.store.upsert(this.spec.name(),
				List.of(point("1", Map.of("content", unit(2))), point("2", Map.of("content", unit(3)))));

		// then
		assertThat(this.server.getPointsCalls()).isEqualTo(1);
		assertThat(this.server.upsertCalls()).isEqualTo(2);
		assertThat(this.store.search(this.spec.name(), new SearchRequest("summary", "client-a", unit(1), 5)))
			.singleElement()
			.satisfies(hit -> assertThat(hit.id()).isEqualTo(PointIds.of("client-a", "t", "1")));
		assertThat(this.store.count(this.spec.name(), "client-a")).isEqualTo(2);
	}

	@Test
	void pointIdsPageThroughTheScroll() {
		// given
		this.store.ensureCollection(this.spec);
		List<VectorPoint> points = new ArrayList<>();
		for (int i = 0; i < 2_500; i++) {
			points.add(point(String.valueOf(i), Map.of("content", unit(i % 4), "summary", unit(i % 4))));
		}
		this.store.upsert(this.spec.name(), points);

		// when
		Set<UUID> ids = this.store.pointIds(this.spec.name(), "client-a");

		// then
		assertThat(ids).isEqualTo(points.stream().map(VectorPoint::id).collect(Collectors.toSet()));
		assertThat(this.server.scrollCalls()).isEqualTo(3);
	}

	@Test
	void pointsAreDeletedByIdInOneRequestThatWaitsForTheDelete() {
		// given
		this.store.ensureCollection(this.spec);
		VectorPoint deleted = point("1", Map.of("content", unit(0), "summary", unit(1)));
		VectorPoint kept = point("2", Map.of("content", unit(2), "summary", unit(3)));
		this.store.upsert(this.spec.name(), List.of(deleted, kept));

		// when
		this.store.delete(this.spec.name(), List.of(deleted.id(), deleted.id()));

		// then
		DeletePoints request = this.server.lastDelete().orElseThrow();
		assertThat(request.getCollectionName()).isEqualTo(this.spec.name());
		assertThat(request.getWait()).isTrue();
		assertThat(request.getPoints().getPoints().getIdsList()).extracting(PointId::getUuid)
			.containsExactly(deleted.id().toString());
		assertThat(this.store.pointIds(this.spec.name(), "client-a")).containsExactly(kept.id());
	}

	@ParameterizedTest
	@EnumSource(value = Status.Code.class, names = { "UNAVAILABLE", "DEADLINE_EXCEEDED" })
	void passingFailuresOfADeleteAreTransient(Status.Code code) {
		// given
		this.store.ensureCollection(this.spec);
		VectorPoint point = point("1", Map.of("content", unit(0), "summary", unit(1)));
		this.store.upsert(this.spec.name(), List.of(point));
		this.server.failNextDeletes(1, Status.fromCode(code).withDescription("injected"));

		// when / then
		assertThatExceptionOfType(TransientVectorStoreException.class)
			.isThrownBy(() -> this.store.delete(this.spec.name(), List.of(point.id())))
			.withMessageContaining(this.spec.name())
			.withCauseInstanceOf(StatusRuntimeException.class);
		this.store.delete(this.spec.name(), List.of(point.id()));
		assertThat(this.store.count(this.spec.name(), "client-a")).isZero();
	}

	@Test
	void aliasIsSwitchedByOneRequestThatDeletesItThenCreatesIt() {
		// given
		this.store.ensureCollection(this.spec);
		CollectionSpec next = new CollectionSpec(this.spec.name() + "_next", 4, MODEL, VECTOR_TYPES);
		this.store.ensureCollection(next);
		this.store.switchAlias("docs", this.spec.name());

		// when
		this.store.switchAlias("docs", next.name());

		// then
		assertThat(this.server.aliasChanges()).hasSize(2).last().satisfies((ChangeAliases request) -> {
			assertThat(request.getActionsList()).extracting(AliasOperations::getActionCase)
				.containsExactly(AliasOperations.ActionCase.DELETE_ALIAS, AliasOperations.ActionCase.CREATE_ALIAS);
			assertThat(request.getActions(0).getDeleteAlias().getAliasName()).isEqualTo("docs");
			assertThat(request.getActions(1).getCreateAlias().getAliasName()).isEqualTo("docs");
			assertThat(request.getActions(1).getCreateAlias().getCollectionName()).isEqualTo(next.name());
		});
		assertThat(this.store.aliasTarget("docs")).contains(next.name());
	}

	@Test
	void aliasIsNotSentToAMissingCollection() {
		// given
		this.store.ensureCollection(this.spec);
		this.store.switchAlias("docs", this.spec.name());

		// when / then
		assertThatExceptionOfType(CollectionNotFoundException.class)
			.isThrownBy(() -> this.store.switchAlias("docs", "docs_missing"));
		// Qdrant 1.18 would have applied the delete of a request whose create fails.
		assertThat(this.server.aliasChanges()).hasSize(1);
		assertThat(this.store.aliasTarget("docs")).contains(this.spec.name());
	}

	@ParameterizedTest
	@EnumSource(value = Status.Code.class,
			names = { "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL" })
	void passingFailuresAreTransient(Status.Code code) {
		// given
		this.store.ensureCollection(this.spec);
		this.server.failNextUpserts(1, Status.fromCode(code).withDescription("injected"));
		List<VectorPoint> points = List.of(point("1", Map.of("content", unit(0), "summary", unit(1))));

		// when / then
		assertThatExceptionOfType(TransientVectorStoreException.class)
			.isThrownBy(() -> this.store.upsert(this.spec.name(), points))
			.withMessageContaining(this.spec.name())
			.havingRootCause()
			.isInstanceOfSatisfying(StatusRuntimeException.class,
					cause -> assertThat(cause.getStatus().getCode()).isEqualTo(code));
		this.store.upsert(this.spec.name(), points);
		assertThat(this.store.count(this.spec.name(), "client-a")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = Status.Code.class, names = { "PERMISSION_DENIED", "UNAUTHENTICATED", "FAILED_PRECONDITION" })
	void lastingFailuresAreNotTransient(Status.Code code) {
		// given
		this.store.ensureCollection(this.spec);
		this.server.failNextUpserts(1, Status.fromCode(code).withDescription("injected"));

		// when / then
		assertThatExceptionOfType(VectorStoreException.class)
			.isThrownBy(() -> this.store.upsert(this.spec.name(),
					List.of(point("1", Map.of("content", unit(0), "summary", unit(1))))))
			.isNotInstanceOf(TransientVectorStoreException.class)
			.withCauseInstanceOf(StatusRuntimeException.class);
	}

	@Test
	void missingCollectionReportedAsInvalidArgumentIsNotFound() {
		// given
		this.store.ensureCollection(this.spec);
		this.server.failNextUpserts(1, Status.INVALID_ARGUMENT
			.withDescription("Wrong input: Collection `" + this.spec.name() + "` doesn't exist!"));

		// when / then
		assertThatExceptionOfType(CollectionNotFoundException.class)
			.isThrownBy(() -> this.store.upsert(this.spec.name(),
					List.of(point("1", Map.of("content", unit(0), "summary", unit(1))))))
			.withCauseInstanceOf(StatusRuntimeException.class);
	}

	@Test
	void interruptedWaitKeepsTheInterruptFlag() {
		// given
		this.store.ensureCollection(this.spec);
		Thread.currentThread().interrupt();

		// when / then
		try {
			assertThatExceptionOfType(VectorStoreException.class)
				.isThrownBy(() -> this.store.count(this.spec.name(), "client-a"))
				.withCauseInstanceOf(InterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private static VectorPoint point(String recordId, Map<String, float[]> vectors) {
		return new VectorPoint(PointIds.of("client-a", "t", recordId), "client-a", vectors,
				Map.of(PayloadKeys.TABLE, "t", PayloadKeys.RECORD_ID, recordId));
	}

	private static float[] unit(int axis) {
		float[] vector = new float[4];
		vector[axis] = 1;
		return vector;
	}

}
