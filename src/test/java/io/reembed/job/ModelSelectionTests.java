package io.reembed.job;

import java.util.HashMap;
import java.util.Map;

import io.reembed.config.ReembedProperties;
import io.reembed.embedding.ModelRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The backfill plan's rules for the model of a new collection.
 */
class ModelSelectionTests {

	private static final String LOCAL = "all-minilm-l6-v2";

	private static final String REMOTE = "text-embedding-3-small";

	private static final String OPENAI = "reembed.providers.openai.api-key=sk-test";

	private static final String AZURE = "reembed.providers.azure-openai.endpoint=https://test.openai.azure.com";

	private static final String AZURE_DEPLOYMENT = "reembed.providers.azure-openai.deployments.text-embedding-3-small"
			+ "=embed-small";

	@Test
	void autoPrefersQualityForSmallTablesAndTakesOpenAiWhenConfigured() {
		// given
		ModelSelection selection = selection(OPENAI, AZURE, AZURE_DEPLOYMENT);

		// when
		ModelChoice choice = selection.select(8_200);

		// then
		assertThat(choice.model()).isEqualTo(REMOTE);
		assertThat(choice.description()).isEqualTo(
				"model text-embedding-3-small: 8,200 rows in scope, preference auto -> quality, openai configured");
	}

	@Test
	void qualityTakesAzureOpenAiWhenOpenAiIsNotConfigured() {
		// given
		ModelSelection selection = selection(AZURE, AZURE_DEPLOYMENT);

		// when
		ModelChoice choice = selection.select(10_000);

		// then
		assertThat(choice.model()).isEqualTo(REMOTE);
		assertThat(choice.reason()).isEqualTo("10,000 rows in scope, preference auto -> quality, openai not "
				+ "configured for text-embedding-3-small, azure-openai configured");
	}

	@Test
	void azureOpenAiWithoutADeploymentOfTheRemoteModelDoesNotServeIt() {
		// given
		ModelSelection selection = selection(AZURE,
				"reembed.providers.azure-openai.deployments.text-embedding-3-large=embed-large");

		// when
		ModelChoice choice = selection.select(100);

		// then
		assertThat(choice.model()).isEqualTo(LOCAL);
	}

	@Test
	void qualityEndsWithTheLocalModelWhenNoRemoteProviderIsConfigured() {
		// given
		ModelSelection selection = selection();

		// when
		ModelChoice choice = selection.select(400);

		// then
		assertThat(choice.model()).isEqualTo(LOCAL);
		assertThat(choice.reason()).isEqualTo("400 rows in scope, preference auto -> quality, openai and "
				+ "azure-openai not configured for text-embedding-3-small, local model");
	}

	@Test
	void autoPrefersBalancedAboveTheMediumTableRowsAndBalancedTakesTheLocalModelThere() {
		// given
		ModelSelection selection = selection(OPENAI, AZURE, AZURE_DEPLOYMENT);

		// when
		ModelChoice choice = selection.select(10_001);

		// then
		assertThat(choice.model()).isEqualTo(LOCAL);
		assertThat(choice.reason())
			.isEqualTo("10,001 rows in scope, preference auto -> balanced, more than 10,000 rows, local model");
	}

	@Test
	void autoPrefersFastAboveTheLargeTableRowsAndFastTakesTheLocalModelFirst() {
		// given
		ModelSelection selection = selection(OPENAI, AZURE, AZURE_DEPLOYMENT);

		// when
		ModelChoice atLarge = selection.select(50_000);
		ModelChoice aboveLarge = selection.select(50_001);

		// then
		assertThat(atLarge.reason()).startsWith("50,000 rows in scope, preference auto -> balanced");
		assertThat(aboveLarge.model()).isEqualTo(LOCAL);
		assertThat(aboveLarge.reason()).isEqualTo("50,001 rows in scope, preference auto -> fast, local model");
	}

	@Test
	void fastTakesTheLocalModelEvenForASmallTable() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.preference=fast", OPENAI, AZURE,
				AZURE_DEPLOYMENT);

		// when
		ModelChoice choice = selection.select(10);

		// then
		assertThat(choice.model()).isEqualTo(LOCAL);
		assertThat(choice.reason()).isEqualTo("10 rows in scope, preference fast, local model");
	}

	@Test
	void balancedTakesAzureOpenAiForASmallTableWhenConfigured() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.preference=balanced", OPENAI, AZURE,
				AZURE_DEPLOYMENT);

		// when
		ModelChoice choice = selection.select(10_000);

		// then
		assertThat(choice.model()).isEqualTo(REMOTE);
		assertThat(choice.reason()).isEqualTo("10,000 rows in scope, preference balanced, azure-openai configured");
	}

	@Test
	void balancedTakesTheFirstAvailableProviderForASmallTableWithoutAzureOpenAi() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.preference=balanced", OPENAI);

		// when
		ModelChoice choice = selection.select(500);

		// then
		assertThat(choice.model()).isEqualTo(LOCAL);
		assertThat(choice.reason()).isEqualTo("500 rows in scope, preference balanced, azure-openai not configured "
				+ "for text-embedding-3-small, first available: local model");
	}

	@Test
	void qualityTakesTheRemoteModelEvenForALargeTable() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.preference=quality", OPENAI);

		// when
		ModelChoice choice = selection.select(1_000_000);

		// then
		assertThat(choice.model()).isEqualTo(REMOTE);
		assertThat(choice.reason()).isEqualTo("1,000,000 rows in scope, preference quality, openai configured");
	}

	@Test
	void thresholdsAndModelsComeFromTheSettings() {
		// given
		ModelSelection selection = selection("reembed.embedding.model=bge-small-en-v15",
				"reembed.embedding.selection.remote-model=text-embedding-3-large",
				"reembed.embedding.selection.medium-table-rows=100",
				"reembed.embedding.selection.large-table-rows=1000", OPENAI);

		// when
		ModelChoice small = selection.select(100);
		ModelChoice medium = selection.select(101);
		ModelChoice large = selection.select(1001);

		// then
		assertThat(small.model()).isEqualTo("text-embedding-3-large");
		assertThat(medium.model()).isEqualTo("bge-small-en-v15");
		assertThat(medium.reason()).contains("preference auto -> balanced");
		assertThat(large.reason()).contains("preference auto -> fast");
	}

	@Test
	void withSelectionOffTheConfiguredModelIsUsed() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.enabled=false", OPENAI);

		// when
		ModelChoice choice = selection.select(100);

		// then
		assertThat(choice).isEqualTo(new ModelChoice(LOCAL, "model selection off, reembed.embedding.model"));
	}

	@Test
	void aRemoteModelThatNoRemoteProviderServesIsRefused() {
		// given
		ModelSelection selection = selection("reembed.embedding.selection.remote-model=bge-small-en-v15", OPENAI);

		// when / then
		assertThatIllegalStateException().isThrownBy(() -> selection.select(100))
			.withMessageContaining("remote-model 'bge-small-en-v15' is not served by OpenAI or Azure OpenAI");
	}

	static ModelSelection selection(String... settings) {
		ReembedProperties properties = properties(settings);
		return new ModelSelection(properties, new ModelRegistry(properties.embedding().hashDimensions()));
	}

	static ReembedProperties properties(String... settings) {
		Map<String, String> values = new HashMap<>();
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			values.put(setting.substring(0, equals), setting.substring(equals + 1));
		}
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("reembed",
				Bindable.of(ReembedProperties.class));
	}

}
