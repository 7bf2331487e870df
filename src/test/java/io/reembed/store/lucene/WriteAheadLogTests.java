package io.reembed.store.lucene;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.reembed.store.VectorPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WriteAheadLogTests {

	@TempDir
	Path directory;

	@Test
	void replayReturnsEveryRecordInOrder() throws IOException {
		// given
		try (WriteAheadLog log = WriteAheadLog.open(this.directory, List.of())) {
			long position = 0;
			for (int i = 0; i < 3; i++) {
				position = log.append(("record " + i).getBytes(StandardCharsets.UTF_8));
			}
			log.sync(position);
		}

		// when
		List<String> replayed = replay(1);

		// then
		assertThat(replayed).containsExactly("record 0", "record 1", "record 2");
	}

	@Test
	void aRecordCutShortOrCorruptedEndsTheReplay() throws IOException {
		// given
		try (WriteAheadLog log = WriteAheadLog.open(this.directory, List.of())) {
			log.sync(log.append("kept".getBytes(StandardCharsets.UTF_8)));
			log.sync(log.append("torn".getBytes(StandardCharsets.UTF_8)));
		}
		Path file = onlyFile();
		byte[] bytes = Files.readAllBytes(file);
		// The second record loses its last byte, as when the process died while writing it.
		Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

		// when
		List<String> afterTear = replay(1);
		bytes[bytes.length - 1] ^= 0x01;
		Files.write(file, bytes);
		List<String> afterFlip = replay(1);

		// then
		assertThat(afterTear).containsExactly("kept");
		assertThat(afterFlip).containsExactly("kept");
	}

	@Test
	void rollingStartsANewGenerationAndReportsTheClosedOnes() throws IOException {
		// given
		try (WriteAheadLog log = WriteAheadLog.open(this.directory, List.of())) {
			log.sync(log.append(new byte[] { 1 }));

			// when
			List<Long> closed = log.roll();
			log.sync(log.append(new byte[] { 2 }));

			// then
			assertThat(closed).containsExactly(1L);
			assertThat(WriteAheadLog.generations(this.directory)).containsExactly(1L, 2L);
			WriteAheadLog.delete(this.directory, closed);
			assertThat(WriteAheadLog.generations(this.directory)).containsExactly(2L);
			assertThat(log.generationBytes()).isEqualTo(9);
		}
		try (WriteAheadLog reopened = WriteAheadLog.open(this.directory, WriteAheadLog.generations(this.directory))) {
			assertThat(WriteAheadLog.generations(this.directory)).containsExactly(2L, 3L);
		}
	}

	@Test
	void pointRecordsKeepIdsVectorsAndPayloadTypes() {
		// given
		UUID id = UUID.randomUUID();
		String longText = "x".repeat(70_000);
		VectorPoint point = new VectorPoint(id, "acme", Map.of("content", new float[] { 0.5f, -1f, 3f }),
				Map.of("text", longText, "count", 7, "ratio", 0.25f, "flag", true, "other", id));

		// when
		PointRecords.LoggedWrite decoded = PointRecords
			.decode(ByteBuffer.wrap(PointRecords.encodeUpsert(List.of(point))));

		// then
		assertThat(decoded).isInstanceOf(PointRecords.Upsert.class);
		assertThat(((PointRecords.Upsert) decoded).points()).singleElement().satisfies((copy) -> {
			assertThat(copy.id()).isEqualTo(id);
			assertThat(copy.clientId()).isEqualTo("acme");
			assertThat(copy.vectors().get("content")).containsExactly(0.5f, -1f, 3f);
			assertThat(copy.payload()).containsEntry("text", longText)
				.containsEntry("count", 7L)
				.containsEntry("ratio", 0.25d)
				.containsEntry("flag", true)
				.containsEntry("other", id.toString());
		});
	}

	@Test
	void deleteRecordsKeepTheIdsInOrder() {
		// given
		List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

		// when
		PointRecords.LoggedWrite decoded = PointRecords.decode(ByteBuffer.wrap(PointRecords.encodeDelete(ids)));

		// then
		assertThat(decoded).isEqualTo(new PointRecords.Delete(ids));
	}

	@Test
	void upsertRecordsOfTheFirstFormatStillRead() throws IOException {
		// given
		UUID id = UUID.randomUUID();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(1);
			out.writeLong(id.getMostSignificantBits());
			out.writeLong(id.getLeastSignificantBits());
			writeString(out, "acme");
			out.writeInt(1);
			writeString(out, "content");
			out.writeInt(2);
			out.writeFloat(0.5f);
			out.writeFloat(-1f);
			out.writeInt(1);
			writeString(out, "text");
			out.writeByte(1);
			writeString(out, "hello");
		}

		// when
		PointRecords.LoggedWrite decoded = PointRecords.decode(ByteBuffer.wrap(bytes.toByteArray()));

		// then
		assertThat(decoded).isInstanceOf(PointRecords.Upsert.class);
		assertThat(((PointRecords.Upsert) decoded).points()).singleElement().satisfies((point) -> {
			assertThat(point.id()).isEqualTo(id);
			assertThat(point.clientId()).isEqualTo("acme");
			assertThat(point.vectors().get("content")).containsExactly(0.5f, -1f);
			assertThat(point.payload()).containsExactly(Map.entry("text", "hello"));
		});
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private List<String> replay(long generation) throws IOException {
		List<String> records = new ArrayList<>();
		WriteAheadLog.replay(this.directory, generation, (record) -> {
			byte[] bytes = new byte[record.remaining()];
			record.get(bytes);
			records.add(new String(bytes, StandardCharsets.UTF_8));
		});
		return records;
	}

	private Path onlyFile() throws IOException {
		try (var files = Files.list(this.directory)) {
			return files.filter((file) -> Files.isRegularFile(file)).findFirst().orElseThrow();
		}
	}

}
