package dev.replenish.core.missions;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissionProfileTest {

    private static MissionProfile.MissionShare share(int mission, double share) {
        return new MissionProfile.MissionShare(mission, share);
    }

    @Test
    void aPackedProfileUnpacksToTheSameMissionsInTheSameOrderAtFloat32Precision() {
        // GIVEN a profile of three missions, largest share first, shares that float32 holds exactly and one it does not
        MissionProfile profile = new MissionProfile(List.of(share(3, 0.5), share(12, 0.25), share(255, 0.1)));
        // WHEN packed and unpacked
        byte[] packed = profile.pack();
        MissionProfile back = MissionProfile.unpack(7, packed);
        // THEN five bytes a mission, the same ids in the same order, the shares as float32 kept them
        assertEquals(15, packed.length);
        assertEquals(List.of(3, 12, 255), back.missions().stream().map(MissionProfile.MissionShare::mission).toList());
        assertEquals(0.5, back.missions().get(0).share());
        assertEquals(0.25, back.missions().get(1).share());
        assertEquals((float) 0.1, (float) back.missions().get(2).share());
    }

    @Test
    void anEmptyProfilePacksToNoBytesAndBack() {
        // GIVEN a user with no mission WHEN packed and unpacked THEN no bytes, and no missions again
        assertEquals(0, MissionProfile.none().pack().length);
        assertEquals(MissionProfile.none(), MissionProfile.unpack(1, new byte[0]));
    }

    @Test
    void topKeepsTheThreeLargestSharesLargestFirstTiesByIdAndLeavesOutNoneAndZero() {
        // GIVEN shares of missions 1..6: mission 2 has none, mission 4 zero, missions 3 and 5 tie
        List<Double> shares = Arrays.asList(0.05, null, 0.3, 0.0, 0.3, 0.35);
        // WHEN the top is taken
        MissionProfile top = MissionProfile.top(shares);
        // THEN the three largest, largest first, the tie in id order; the smaller and the empty ones are left out
        assertEquals(List.of(share(6, 0.35), share(3, 0.3), share(5, 0.3)), top.missions());
        assertEquals(MissionProfile.TOP, top.missions().size());
    }

    @Test
    void topOfFewerMissionsThanTheTopKeepsThemAll() {
        // GIVEN a user in only two missions WHEN the top is taken THEN both, largest first
        assertEquals(List.of(share(2, 0.9), share(1, 0.1)), MissionProfile.top(List.of(0.1, 0.9)).missions());
    }

    @Test
    void bytesThatAreNotWholeMissionsAreAnErrorNamingTheUser() {
        // GIVEN a valid profile cut short by one byte
        byte[] packed = new MissionProfile(List.of(share(3, 0.5), share(4, 0.25))).pack();
        byte[] cut = Arrays.copyOf(packed, packed.length - 1);
        // WHEN it is unpacked THEN the error names the user and the size
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> MissionProfile.unpack(42, cut));
        assertTrue(error.getMessage().contains("user 42"), error.getMessage());
        assertTrue(error.getMessage().contains("9 bytes"), error.getMessage());
    }

    @Test
    void aMissionZeroOrAShareOutsideZeroToOneIsAnErrorNamingTheUserNotAWrongProfile() {
        // GIVEN whole five-byte values holding mission 0, a share of 2, a negative share and NaN
        List<byte[]> bad = List.of(
                new byte[]{0, 0, 0, 0, 63},                          // mission 0, share 0.5
                new byte[]{3, 0, 0, 0, 64},                          // mission 3, share 2.0
                new byte[]{3, 0, 0, 0, (byte) 0xBF},                 // mission 3, share -0.5
                new byte[]{3, 0, 0, (byte) 0xC0, 0x7F});             // mission 3, share NaN
        // WHEN each is unpacked THEN each is an IllegalArgumentException naming the user
        for (byte[] value : bad) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> MissionProfile.unpack(99, value),
                    Arrays.toString(value));
            assertTrue(error.getMessage().contains("user 99"), error.getMessage());
        }
    }

    @Test
    void aMissionIdOutsideOneByteCannotBeMade() {
        // GIVEN mission ids 0 and 256 WHEN a share is made of each THEN it is refused, naming the id
        for (int id : new int[]{0, 256}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> share(id, 0.5));
            assertTrue(error.getMessage().contains(Integer.toString(id)), error.getMessage());
        }
    }
}
