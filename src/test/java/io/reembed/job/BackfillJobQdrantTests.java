package io.reembed.job;


import javax.sql.DataSource;

import io.reembed.store.PointIds;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorStore;
import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.store.qdrant.QdrantVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill job writing through the Qdrant adapter, to the in-process stand-in of a Qdrant server.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.store.type=qdrant",
		"reembed.job.grid-size=2", "reembed.job.chunk-size=40" })
@SpringBatchTest
@DirtiesContext
class BackfillJobQdrantTests {

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	Job backfillJob;

	@Autowired
	VectorStore store;

	@Autowired
	DataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabases::newH2Url);
	}

	@Test
	void backfillsEveryRowIntoQdrantWithItsTenant() throws Exception {
		// given
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(400, 42, 7));

		this.jobOperatorTestUtils.setJob(this.backfillJob);

		// when
		JobExecution execution = this.jobOperatorTestUtils
			.startJob(new BackfillParameters("issues", "7", "content", "hash", 1L).toJobParameters());

		// then
		String collection = CollectionNames.of("issues", "hash");
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(collection, "7")).isEqualTo(200);
		assertThat(this.store.count(collection, "42")).isZero();
		assertThat(this.store.describe(collection)).hasValueSatisfying((spec) -> {
			assertThat(spec.dimensions()).isEqualTo(384);
			assertThat(spec.vectorTypes()).containsExactly("content", "metadata", "summary");
		});
		float[] query = new float[384];
		query[0] = 1;
		assertThat(this.store.search(collection, new SearchRequest("content", "7", query, 10)))
			.hasSize(10)
			.allSatisfy((hit) -> assertThat(hit.payload().get("client_id")).isEqualTo("7"));
		assertThat(this.store.pointIds(collection, "7")).contains(PointIds.of("7", "issues", "1"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class QdrantStandIn {

		@Bean(destroyMethod = "close")
		InProcessQdrantServer inProcessQdrantServer() throws Exception {
			return InProcessQdrantServer.start();
		}

		@Bean
		@Primary
		QdrantVectorStore qdrantVectorStore(InProcessQdrantServer server) {
			return new QdrantVectorStore(server.newClient());
		}

	}

}
