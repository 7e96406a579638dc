package dev.localai.router;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Wake-on-LAN for a backend's machine (the gaming PC): the magic packet is six {@code 0xFF} bytes and
 * the MAC address sixteen times, sent by UDP to a broadcast address (port 9 by convention).
 *
 * @param mac       the machine's MAC address, six bytes
 * @param broadcast where the packet goes, e.g. {@code 192.168.1.255}
 * @param port      UDP port, usually 9
 * @param hold      how long a request that needs the machine is held while it wakes
 */
public record WakeOnLan(byte[] mac, String broadcast, int port, Duration hold) {

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes). */
    public static byte[] parseMac(String text) {
        String hex = text.strip().replace(":", "").replace("-", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    public byte[] magicPacket() {
        byte[] packet = new byte[6 + 16 * 6];
        for (int i = 0; i < 6; i++) {
            packet[i] = (byte) 0xFF;
        }
        for (int i = 0; i < 16; i++) {
            System.arraycopy(mac, 0, packet, 6 + i * 6, 6);
        }
        return packet;
    }

    /** Sends the magic packet (blocking, a few microseconds on a LAN). */
    public void send() throws IOException {
        byte[] packet = magicPacket();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getByName(broadcast), port));
        }
    }

    @Override
    public String toString() {
        return "WakeOnLan[" + HexFormat.ofDelimiter(":").formatHex(mac) + " via " + broadcast + ":" + port + "]";
    }
}
