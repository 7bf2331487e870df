package io.reembed.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of upserts and deletes that no Lucene commit holds yet.
 * <p>
 * A Lucene commit flushes every buffered document into a new segment, and merging small segments rebuilds their
 * HNSW graphs, so committing each upsert made indexing several times slower than the graph construction itself.
 * Instead a write is acknowledged once its record is fsynced here; Lucene commits only at checkpoints, after
 * which the generations the commit covers are deleted. Opening a writer replays whatever generations are left.
 * <p>
 * A generation is a file {@code <generation>.wal} of records {@code [length][crc32][bytes]}. A record that is cut
 * short or fails its checksum was never acknowledged (the acknowledgement waits for the fsync that covers it), so
 * replay stops there.
 */
final class WriteAheadLog implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(WriteAheadLog.class);

	private static final String SUFFIX = ".wal";

	private static final int HEADER_BYTES = Integer.BYTES + Integer.BYTES;

	private final Path directory;

	private final Object appendMonitor = new Object();

	private final Object syncMonitor = new Object();

	/** Guarded by appendMonitor. */
	private long generation;

	/** Guarded by appendMonitor. */
	private FileChannel channel;

	/** Bytes appended to all generations of this log; a position in that sequence identifies a record's end. */
	private long appended;

	/** Every byte up to this position is on disk. */
	private volatile long synced;

	/** Bytes appended to the current generation. Guarded by appendMonitor. */
	private long generationBytes;

	private WriteAheadLog(Path directory, long generation) throws IOException {
		this.directory = directory;
		this.generation = generation;
		this.channel = openGeneration(generation);
	}

	/**
	 * Opens the log for appending in a new generation, after the given ones, which are left for the caller to
	 * replay and delete.
	 */
	static WriteAheadLog open(Path directory, List<Long> existing) throws IOException {
		long last = existing.isEmpty() ? 0 : existing.get(existing.size() - 1);
		return new WriteAheadLog(directory, last + 1);
	}

	/** The generations in the directory, oldest first. */
	static List<Long> generations(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(SUFFIX))
				.map((name) -> Long.parseLong(name.substring(0, name.length() - SUFFIX.length())))
				.sorted()
				.toList();
		}
	}

	/** Reads every complete record of a generation, in order, and returns how many there were. */
	static long replay(Path directory, long generation, Consumer<ByteBuffer> records) throws IOException {
		Path file = file(directory, generation);
		long count = 0;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			long position = 0;
			ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
			while (position < size) {
				header.clear();
				if (!readFully(channel, header, position)) {
					break;
				}
				header.flip();
				int length = header.getInt();
				int checksum = header.getInt();
				if (length < 0 || position + HEADER_BYTES + length > size) {
					break;
				}
				ByteBuffer record = ByteBuffer.allocate(length);
				if (!readFully(channel, record, position + HEADER_BYTES) || checksum(record.array()) != checksum) {
					break;
				}
				record.flip();
				records.accept(record);
				count++;
				position += HEADER_BYTES + length;
			}
			if (position < size) {
				logger.warn("Ignoring the last {} bytes of {}: a record that was being written when the log stopped",
						size - position, file);
			}
		}
		return count;
	}

	/** Deletes the given generations, which a commit now holds. */
	static void delete(Path directory, List<Long> generations) throws IOException {
		for (long generation : generations) {
			Files.deleteIfExists(file(directory, generation));
		}
	}

	/** Appends a record and returns its position, for {@link #sync(long)}; it is durable only after that. */
	long append(byte[] record) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + record.length);
		buffer.putInt(record.length).putInt(checksum(record)).put(record).flip();
		synchronized (this.appendMonitor) {
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
			this.generationBytes += buffer.limit();
			this.appended += buffer.limit();
			return this.appended;
		}
	}

	/**
	 * Returns once every record up to the position is on disk. Concurrent callers share fsyncs: one that finds its
	 * record synced by another returns at once.
	 */
	void sync(long position) throws IOException {
		if (this.synced >= position) {
			return;
		}
		synchronized (this.syncMonitor) {
			if (this.synced >= position) {
				return;
			}
			FileChannel current;
			long covered;
			synchronized (this.appendMonitor) {
				current = this.channel;
				covered = this.appended;
			}
			// Roll forces the generation it closes, so records of older generations are on disk already.
			current.force(false);
			this.synced = Math.max(this.synced, covered);
		}
	}

	/** Bytes in the current generation. */
	long generationBytes() {
		synchronized (this.appendMonitor) {
			return this.generationBytes;
		}
	}

	/**
	 * Closes the current generation, durably, and starts the next one. Returns the generations up to the closed
	 * one: once a commit that follows holds their records, they can be deleted.
	 */
	List<Long> roll() throws IOException {
		// A sync in progress forces the channel this closes: wait for it.
		synchronized (this.syncMonitor) {
			synchronized (this.appendMonitor) {
				this.channel.force(false);
				this.channel.close();
				long closed = this.generation;
				this.generation++;
				this.channel = openGeneration(this.generation);
				this.generationBytes = 0;
				return generations(this.directory).stream().filter((generation) -> generation <= closed).toList();
			}
		}
	}

	/** Closes the current generation and deletes every generation: a commit holds all records. */
	void closeAndDelete() throws IOException {
		synchronized (this.syncMonitor) {
			synchronized (this.appendMonitor) {
				this.channel.close();
				delete(this.directory, generations(this.directory));
			}
		}
	}

	@Override
	public void close() throws IOException {
		synchronized (this.syncMonitor) {
			synchronized (this.appendMonitor) {
				this.channel.close();
			}
		}
	}

	private FileChannel openGeneration(long generation) throws IOException {
		Files.createDirectories(this.directory);
		return FileChannel.open(file(this.directory, generation), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE);
	}

	private static Path file(Path directory, long generation) {
		return directory.resolve(String.format("%019d%s", generation, SUFFIX));
	}

	private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, at);
			if (read < 0) {
				return false;
			}
			at += read;
		}
		return true;
	}

	private static int checksum(byte[] bytes) {
		CRC32 crc = new CRC32();
		crc.update(bytes);
		return (int) crc.getValue();
	}

}
