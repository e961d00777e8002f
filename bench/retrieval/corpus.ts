// A synthetic help-centre corpus for the retrieval benchmark: Zipf-distributed words from a fixed
// vocabulary of plausible support terms and generated words, deterministic for a given seed.

const BASE = (
  "order orders shipping delivery refund refunds return returns exchange exchanges warranty payment card gift " +
  "paypal credit balance tracking package carrier address label damaged missing late express standard overnight " +
  "business days week customer account email password profile item items product products size colour color option " +
  "price cost fee free discount coupon tax invoice receipt store online warehouse processing pending delivered cancelled " +
  "cancel modify change update replace repair replacement battery screen laptop tablet headphones watch shoes shirt " +
  "jacket bag kitchen garden camera speaker charger cable keyboard monitor lamp chair desk bottle backpack"
).split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeCorpus(seed: number) {
  const random = rng(seed);
  const syllables = ["ka", "lo", "mi", "ten", "ra", "vo", "zu", "pel", "dor", "an", "is", "qua", "rin", "sto", "bel", "mar"];
  const vocabulary = [...BASE];
  while (vocabulary.length < 4000) vocabulary.push(Array.from({ length: 2 + Math.floor(random() * 2) }, () => syllables[Math.floor(random() * syllables.length)]).join(""));
  // Zipf(1): word i is drawn with probability ∝ 1/(i+1).
  const weights = vocabulary.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const word = () => {
    const r = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  const sentence = (n: number) => Array.from({ length: n }, word).join(" ") + ".";
  return {
    random,
    /** A chunk of 60–140 words in sentences. */
    chunk: () => Array.from({ length: 5 + Math.floor(random() * 6) }, () => sentence(10 + Math.floor(random() * 8))).join(" "),
    section: () => `${word()} ${word()} > ${word()}`,
    /** A question made of a few words of a chunk, as a customer paraphrases an article. */
    questionFrom: (text: string) => {
      const words = text.replace(/\./g, "").split(" ");
      const start = Math.floor(random() * Math.max(1, words.length - 8));
      return [...words.slice(start, start + 4 + Math.floor(random() * 4)), word()].join(" ");
    },
  };
}
