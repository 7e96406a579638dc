package dev.localai.mattermost.it;

import dev.localai.testsupport.packaged.PackagedService;

import java.time.Duration;
import java.util.Map;

/** The bot with the real gaming-pc-manager, as packaged, holding a bearer token and serving its demo model. */
public class WithGamingPc extends BotStack {

    @Override
    protected void services(Map<String, String> config) throws Exception {
        PackagedService pc = PackagedService.start("gaming-pc-manager", WORK.resolve("gaming-pc"), Map.of(
                "gaming-pc.token", Stack.PC_TOKEN,
                "gaming-pc.state-file", WORK.resolve("gaming-pc/gaming-mode.json").toString(),
                "gaming-pc.detection.nvidia-smi", "false",
                "gaming-pc.idle.shutdown-after", "0s",
                "inference.data-dir", WORK.resolve("models").toString(),
                "inference.models.demo-tiny.ctx-size", "512",
                "de.kherud.llama.tmpdir", WORK.resolve("gaming-pc/native").toString()), Map.of(),
                Duration.ofSeconds(90), Duration.ofSeconds(60));
        closing.add(pc);
        stack.gamingPcUrl = pc.url();
        config.put("mattermost.gaming-pc.url", pc.url());
    }
}
