package io.reembed.embedding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModelRegistryTests {

	private final ModelRegistry registry = new ModelRegistry(384);

	@Test
	void knowsTheFourLocalModelsAndTheTwoHashModels() {
		assertThat(this.registry.all()).extracting(ModelSpec::name)
			.containsExactly("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q",
					"hash", "hash-v2");
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
