package dev.replenish.local.featurestore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Copying a finished store database into the work directory. */
class StoreCopyTest {

    @TempDir
    Path dir;

    private Path randomFile(String name, int bytes, long seed) throws IOException {
        byte[] content = new byte[bytes];
        new Random(seed).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void blockCopyOfAFileThatEndsMidBlockIsByteForByteTheSourceWithThePaddingCutOff() throws IOException {
        // GIVEN a file of three whole 4 KiB chunks and a partial block, and a longer file in the way
        Path source = randomFile("source.db", 3 * 16_384 + 1_000, 1);
        Path target = randomFile("target.db", 100_000, 2);

        // WHEN it is copied in 4 KiB blocks, 16 KiB at a time
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            StoreCopy.copyInBlocks(in, out, 4_096, 16_384);
        }

        // THEN the copy has the source's bytes and length: no zeros of the padded last block, nothing of the old file
        assertEquals(Files.size(source), Files.size(target));
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
    }

    @Test
    void copyReplacesTheTargetWithTheSourceWhicheverWayTheFileSystemAllows() throws IOException {
        // GIVEN a store database of a few chunks and an odd length, and an older database at the target
        Path source = randomFile("incoming.db", 20 * 1_048_576 + 12_345, 3);
        Path target = randomFile("store.db", 30 * 1_048_576, 4);

        // WHEN it is copied (direct I/O on file systems that have it, an ordinary copy elsewhere)
        StoreCopy.copy(source, target);

        // THEN the target is exactly the source
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
    }

    @Test
    void aChunkThatIsNotWholeBlocksIsRefused() throws IOException {
        // GIVEN two files
        Path source = randomFile("a.db", 10, 5);
        Path target = randomFile("b.db", 10, 6);

        // WHEN a block copy is asked for in chunks that direct I/O could not write THEN it is refused before writing
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> StoreCopy.copyInBlocks(in, out, 4_096, 10_000));
            assertEquals("chunk 10000 is not a whole number of 4096-byte blocks", error.getMessage());
        }
    }
}
