package io.reembed.embedding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModelRegistryTests {

	private final ModelRegistry registry = new ModelRegistry(384);

	@Test
	void knowsTheFourLocalModelsTheThreeOpenAiModelsAndTheTwoHashModels() {
		assertThat(this.registry.all()).extracting(ModelSpec::name)
			.containsExactly("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q",
					"text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002", "hash", "hash-v2");
	}

	@Test
	void givesARemoteModelCutToFewerDimensionsItsOwnFingerprint() {
		// given
		this.registry.registerRemote("te3-small-512", "text-embedding-3-small", 512);

		// when
		ModelSpec cut = this.registry.get("te3-small-512");

		// then
		assertThat(cut.provider()).isEqualTo(ModelRegistry.OPENAI);
		assertThat(cut.fingerprint()).isNotEqualTo(this.registry.get("text-embedding-3-small").fingerprint())
			.contains("/512/");
	}

	@Test
	void givesEveryModelItsOwnFingerprint() {
		assertThat(this.registry.all()).extracting(ModelSpec::fingerprint).doesNotHaveDuplicates();
	}

	@Test
	void namesAnUnknownModelAndTheKnownOnes() {
		assertThatExceptionOfType(UnknownModelException.class).isThrownBy(() -> this.registry.get("gpt-9"))
			.withMessageContaining("'gpt-9'")
			.withMessageContaining("all-minilm-l6-v2");
	}

}
