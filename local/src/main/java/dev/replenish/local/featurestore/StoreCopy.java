package dev.replenish.local.featurestore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;

/**
 * Copies a finished feature store database (gigabytes at full scale) to disk without passing it
 * through the page cache. A buffered copy of 3.3 GB outruns the kernel's dirty-page limits and is
 * then throttled to the page cache's writeback, which measured about a third of what the device
 * takes with direct I/O (docs/benchmarks.md, "Feature store engine"). Where direct I/O is not
 * available (another OS, a file system without it) the copy is an ordinary one.
 */
final class StoreCopy {

    /** Bytes per write: large enough that the device, not the system calls, sets the pace. */
    private static final int CHUNK = 8 << 20;

    private StoreCopy() {
    }

    /** Copies {@code from} to {@code to}, replacing it. */
    static void copy(Path from, Path to) throws IOException {
        FileChannel out;
        int block;
        try {
            block = Math.toIntExact(Files.getFileStore(to.toAbsolutePath().getParent()).getBlockSize());
            out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException | IOException | ArithmeticException e) {
            // no direct I/O here: an ordinary copy, whose own errors are the ones reported
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ); out) {
            copyInBlocks(in, out, block, CHUNK);
        }
    }

    /**
     * Copies {@code in} to {@code out} in whole blocks from block-aligned memory, as direct I/O
     * requires: the last block is padded with zeros and the padding cut off at the end.
     */
    static void copyInBlocks(FileChannel in, FileChannel out, int block, int chunk) throws IOException {
        if (chunk % block != 0) {
            throw new IllegalArgumentException("chunk " + chunk + " is not a whole number of " + block + "-byte blocks");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunk + block).alignedSlice(block);
        long size = in.size();
        long position = 0;
        while (position < size) {
            buffer.clear().limit(chunk);
            while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
                // read until the chunk is full or the file ends
            }
            int read = buffer.position();
            int padded = (read + block - 1) / block * block;
            while (buffer.position() < padded) {
                buffer.put((byte) 0);
            }
            buffer.flip();
            long at = position;
            while (buffer.hasRemaining()) {
                at += out.write(buffer, at);
            }
            position += read;
        }
        out.truncate(size);
    }
}
