#!/usr/bin/env python3
"""Writes Tests/EmbeddingTests/Fixtures/reference-vectors.json: texts with the token ids and vectors
that an independent implementation (Hugging Face tokenizers and sentence-transformers on PyTorch)
gives them. frontline's own tokenizer and encoder are tested against these.

Run once, in a virtual environment with `pip install sentence-transformers`:

    python3 scripts/reference-vectors.py MODEL_DIR > Tests/EmbeddingTests/Fixtures/reference-vectors.json
"""
import json
import sys

from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer

TEXTS = [
    "refund",
    "where is my refund",
    "custmer wants to cancle her contract",
    "The technician never showed up, and I took the day off work!",
    "Can my son talk to you about my account?",
    "I was charged $9.99 twice on 12/11 - please reverse it.",
    "Café naïve résumé: ÀÉÎÕÜ façade",
    "my phone 📱 stopped working 😡",
    "电话 refund 退款",
    "e-mail, sms & wi-fi: co-operate (re-sign) [now] {then} <done> ~ ^ ` | \\ / @ #",
    "tab\there\nnew line\r\ncarriage\u00a0non-breaking\u2003em space",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "x" * 120,
    "",
    " ".join(["A customer who has been waiting for a replacement modem for three weeks calls again."] * 30),
    "Refunds go back to the original payment method. Offer store credit only if the customer asks for it.",
]


def main() -> None:
    model_dir = sys.argv[1]
    model = SentenceTransformer(model_dir, device="cpu")
    tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=model.max_seq_length)
    vectors = model.encode(TEXTS, batch_size=1, normalize_embeddings=True, convert_to_numpy=True)
    fixtures = []
    for text, vector in zip(TEXTS, vectors):
        fixtures.append({
            "text": text,
            "tokens": tokenizer.encode(text).ids,
            "vector": [round(float(value), 7) for value in vector],
        })
    json.dump({"model": "all-MiniLM-L6-v2", "maximumTokens": model.max_seq_length, "fixtures": fixtures}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
