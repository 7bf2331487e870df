package io.reembed.store.lucene;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A directory that fsyncs each file once.
 * <p>
 * Every commit asks to sync every file of the index, not just the new ones, and each fsync costs a disk cache
 * flush even for a file that has not changed. With a commit per upsert, those redundant flushes dominated commit
 * time. Lucene never changes a file after writing it, so a file synced once stays synced until it is deleted or
 * written again, which is when it is forgotten here.
 */
final class SyncOnceDirectory extends FilterDirectory {

	private final Set<String> synced = ConcurrentHashMap.newKeySet();

	SyncOnceDirectory(Directory in) {
		super(in);
	}

	@Override
	public IndexOutput createOutput(String name, IOContext context) throws IOException {
		this.synced.remove(name);
		return this.in.createOutput(name, context);
	}

	@Override
	public void sync(Collection<String> names) throws IOException {
		List<String> unsynced = names.stream().filter((name) -> !this.synced.contains(name)).toList();
		this.in.sync(unsynced);
		this.synced.addAll(unsynced);
	}

	@Override
	public void rename(String source, String dest) throws IOException {
		this.synced.remove(source);
		this.synced.remove(dest);
		this.in.rename(source, dest);
	}

	@Override
	public void deleteFile(String name) throws IOException {
		this.synced.remove(name);
		this.in.deleteFile(name);
	}

}
