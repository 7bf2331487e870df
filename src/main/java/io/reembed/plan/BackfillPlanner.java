package io.reembed.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;
import io.reembed.embedding.TextPreparer;
import io.reembed.embedding.openai.Deployment;
import io.reembed.embedding.openai.Deployments;
import io.reembed.embedding.openai.OpenAiModels;
import io.reembed.job.BackfillModels;
import io.reembed.job.ModelChoice;
import io.reembed.source.KeyRange;
import io.reembed.source.KeyRangePartitioner;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TableDefinition;
import io.reembed.source.TextTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Plans backfills: reads a client's rows as a backfill would (the same key ranges, keyset pages and chunks), renders
 * each row's text with the same template and counts it with the model's own tokenizer. It embeds nothing and calls
 * no provider; a plan counts every row in scope, as a backfill that is not incremental embeds them.
 */
public final class BackfillPlanner {

	private static final Logger logger = LoggerFactory.getLogger(BackfillPlanner.class);

	private final TableCatalog catalog;

	private final SourceTables sourceTables;

	private final DataSource dataSource;

	private final BackfillModels models;

	private final EmbeddingProviders providers;

	private final OpenAiModels openAiModels;

	private final ReembedProperties properties;

	public BackfillPlanner(TableCatalog catalog, SourceTables sourceTables, DataSource dataSource,
			BackfillModels models, EmbeddingProviders providers, OpenAiModels openAiModels,
			ReembedProperties properties) {
		this.catalog = catalog;
		this.sourceTables = sourceTables;
		this.dataSource = dataSource;
		this.models = models;
		this.providers = providers;
		this.openAiModels = openAiModels;
		this.properties = properties;
	}

	/**
	 * Plans of a table, one per client: the one given, or every client with rows in scope.
	 * @param model the model the backfill would name; without one, the model a backfill would choose
	 * @throws io.reembed.source.InvalidTableDefinitionException for an unknown table, column or vector type
	 * @throws io.reembed.embedding.UnknownModelException for an unknown model
	 */
	public List<TablePlan> plan(String table, @Nullable String clientId, String vectorType, @Nullable String model) {
		SourceTable source = this.sourceTables.resolve(this.catalog.get(table));
		TextTemplate template = source.definition().template(vectorType);
		if (model != null) {
			this.providers.registry().get(model);
		}
		List<String> clients = (clientId != null) ? List.of(clientId) : clients(source);
		List<TablePlan> plans = new ArrayList<>(clients.size());
		for (String client : clients) {
			plans.add(plan(source, client, vectorType, template, model));
		}
		return plans;
	}

	private TablePlan plan(SourceTable table, String clientId, String vectorType, TextTemplate template,
			@Nullable String model) {
		ModelChoice choice = this.models.choose(table.name(), clientId, model);
		ModelSpec spec = this.providers.registry().get(choice.model());
		boolean openAi = ModelRegistry.OPENAI.equals(spec.provider());
		ReembedProperties.Job job = this.properties.job();
		Tally tally = new Tally(this.providers.preparer(spec.name()), template, openAi, job.chunkSize());
		KeyRangePartitioner partitioner = new KeyRangePartitioner(new JdbcTemplate(this.dataSource), table, clientId);
		for (KeyRange range : partitioner.ranges(job.gridSize())) {
			read(table, clientId, range, tally);
		}
		BigDecimal cost = openAi ? this.openAiModels.pricePerMillionTokens(spec)
			.multiply(BigDecimal.valueOf(tally.tokens))
			.movePointLeft(6) : BigDecimal.ZERO;
		TablePlan plan = new TablePlan(table.name(), clientId, vectorType, choice, tally.rows, tally.emptyTexts,
				tally.tokens, tally.truncated, tally.requests, cost, pace(spec, tally.tokens, tally.requests));
		logger.info("Plan of table '{}' for client {} with model {}: {} rows, {} empty, {} tokens, {} requests",
				plan.table(), plan.clientId(), spec.name(), plan.rows(), plan.emptyTexts(), plan.tokens(),
				plan.requests());
		return plan;
	}

	/** A partition's rows, page by page; its last chunk ends with its key range, as in a backfill. */
	private void read(SourceTable table, String clientId, KeyRange range, Tally tally) {
		try {
			JdbcPagingItemReader<SourceRow> reader = SourceRowReaders.reader("plan.reader", this.dataSource, table,
					clientId, range, null, this.properties.job().pageSize(), true);
			reader.open(new ExecutionContext());
			try {
				for (SourceRow row = reader.read(); row != null; row = reader.read()) {
					tally.add(row);
				}
			}
			finally {
				reader.close();
			}
			tally.endChunk();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(
					"Could not read the rows of table '" + table.name() + "' for client " + clientId, ex);
		}
	}

	private List<String> clients(SourceTable table) {
		TableDefinition definition = table.definition();
		String client = definition.clientColumn();
		String active = definition.activeColumn();
		return new JdbcTemplate(this.dataSource)
			.queryForList("SELECT DISTINCT " + client + " FROM " + definition.table()
					+ ((active != null) ? " WHERE " + active + " = TRUE" : "") + " ORDER BY " + client, Object.class)
			.stream()
			.map(String::valueOf)
			.toList();
	}

	private Pace pace(ModelSpec model, long tokens, long requests) {
		if (!ModelRegistry.OPENAI.equals(model.provider())) {
			return Pace.thisMachine();
		}
		ReembedProperties.Providers remote = this.properties.providers();
		List<Deployment> deployments = Deployments.of(remote, model.modelId());
		// A plan is often made before any provider is configured: it is then estimated at OpenAI's quota.
		String provider = deployments.isEmpty() ? Deployment.OPENAI : deployments.get(0).provider();
		ReembedProperties.Quota quota = Deployment.AZURE_OPENAI.equals(provider) ? remote.azureOpenai().quota()
				: remote.openai().quota();
		double utilization = remote.quotaUtilization();
		double minutes = Math.max(tokens / (quota.tokensPerMinute() * utilization),
				requests / (quota.requestsPerMinute() * utilization));
		return new Pace(Duration.ofMillis(Math.round(minutes * 60_000)),
				provider + " quota" + (deployments.isEmpty() ? ", not configured" : ""));
	}

	/** Counts of one client's rows, kept chunk by chunk as a backfill's partitions read them. */
	private static final class Tally {

		private final TextPreparer preparer;

		private final TextTemplate template;

		private final boolean openAi;

		private final int chunkSize;

		private final int[] chunkTokens;

		private int chunkRows;

		private int chunkTexts;

		private long rows;

		private long emptyTexts;

		private long tokens;

		private long truncated;

		private long requests;

		Tally(TextPreparer preparer, TextTemplate template, boolean openAi, int chunkSize) {
			this.preparer = preparer;
			this.template = template;
			this.openAi = openAi;
			this.chunkSize = chunkSize;
			this.chunkTokens = new int[chunkSize];
		}

		void add(SourceRow row) {
			this.rows++;
			String text = this.template.render(row.values());
			if (text.isEmpty()) {
				this.emptyTexts++;
			}
			else {
				PreparedText prepared = this.preparer.prepare(text);
				this.tokens += prepared.tokens();
				if (prepared.truncated()) {
					this.truncated++;
				}
				this.chunkTokens[this.chunkTexts++] = prepared.tokens();
			}
			if (++this.chunkRows == this.chunkSize) {
				endChunk();
			}
		}

		/** A chunk whose rows all have empty texts makes no provider call. */
		void endChunk() {
			if (this.chunkTexts > 0) {
				this.requests += this.openAi ? OpenAiModels.requests(Arrays.copyOf(this.chunkTokens, this.chunkTexts))
						: 1;
			}
			this.chunkRows = 0;
			this.chunkTexts = 0;
		}

	}

}
