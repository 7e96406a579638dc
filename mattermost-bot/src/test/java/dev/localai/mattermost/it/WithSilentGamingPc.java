package dev.localai.mattermost.it;

import java.util.Map;

/** The bot pointed at a gaming PC that accepts connections and never answers (a test can turn it off). */
public class WithSilentGamingPc extends BotStack {

    @Override
    protected void services(Map<String, String> config) throws Exception {
        SilentServer silent = new SilentServer();
        closing.add(silent);
        stack.silentPc = silent;
        config.put("mattermost.gaming-pc.url", silent.url());
        config.put("mattermost.slash.inline-wait", "300ms");
    }
}
