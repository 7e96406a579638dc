package dev.localai.router.evals;

import java.util.List;

/**
 * One prompt of an eval run, from one CSV record.
 *
 * @param line     the CSV line the record starts on (1 is the header)
 * @param tags     router tags for the request ({@code X-Router-Tags}), lower case
 * @param taskType the request's task type ({@code X-Task-Type}), or null
 */
public record EvalPrompt(int line, String prompt, String system, String expected, EvalCheck check, String taskType,
                         List<String> tags) {

    public EvalPrompt {
        tags = List.copyOf(tags);
    }
}
