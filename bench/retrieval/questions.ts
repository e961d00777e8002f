// The retrieval test set over the demo help centre (db/seed/knowledge): each question names the document
// and section whose chunk answers it. `unanswerable` questions are about things the documents never say.

export interface RetrievalCase {
  question: string;
  document: string;
  section: string;
}

const S = "Shipping and delivery";
const R = "Returns and exchanges";
const P = "Payment methods";
const W = "Warranty";
const F = "Frequently asked questions";
const A = "Retail agent policy";

export const retrievalCases: RetrievalCase[] = [
  { question: "Do you ship to Puerto Rico?", document: S, section: "Where we ship" },
  { question: "Can you ship my order to Canada?", document: S, section: "Where we ship" },
  { question: "Can overnight shipping go to a P.O. box?", document: S, section: "Where we ship" },
  { question: "How much does express shipping cost?", document: S, section: "Shipping options and costs" },
  { question: "Is standard shipping free?", document: S, section: "Shipping options and costs" },
  { question: "How long does standard delivery take?", document: S, section: "Shipping options and costs" },
  { question: "When do I need to order to get overnight delivery the next day?", document: S, section: "Shipping options and costs" },
  { question: "How soon do you pack and send my order?", document: S, section: "Processing time" },
  { question: "I ordered on Saturday, when will it be processed?", document: S, section: "Processing time" },
  { question: "How can I track my package?", document: S, section: "Tracking your order" },
  { question: "When does the tracking number start updating?", document: S, section: "Tracking your order" },
  { question: "My package says delivered but it is not here", document: S, section: "Late or missing packages" },
  { question: "Tracking has not moved for a week, what now?", document: S, section: "Late or missing packages" },
  { question: "The item arrived broken, what should I do?", document: S, section: "Damaged deliveries" },
  { question: "Do I have to send back a damaged item?", document: S, section: "Damaged deliveries" },
  { question: "Can I change the delivery address after the order shipped?", document: S, section: "Changing the delivery address" },
  { question: "Which orders can be returned?", document: R, section: "Who can return" },
  { question: "Can I return a cancelled order?", document: R, section: "Who can return" },
  { question: "How many days do I have to return an item?", document: R, section: "Return window" },
  { question: "Can I return a gift card?", document: R, section: "Return window" },
  { question: "Do items need their original packaging to be returned?", document: R, section: "Return window" },
  { question: "How do I start a return?", document: R, section: "How to start a return" },
  { question: "Will I get a return label?", document: R, section: "How to start a return" },
  { question: "Can my refund go to a different credit card?", document: R, section: "Where your refund goes" },
  { question: "Where does my refund go?", document: R, section: "Where your refund goes" },
  { question: "How long does a refund to my credit card take?", document: R, section: "Refund timing" },
  { question: "Are gift card refunds instant?", document: R, section: "Refund timing" },
  { question: "Is return shipping free?", document: R, section: "Return shipping costs" },
  { question: "Can I exchange a shirt for a different size?", document: R, section: "Exchanges" },
  { question: "Can I exchange my shirt for shoes?", document: R, section: "Exchanges" },
  { question: "What if the new item in an exchange costs more?", document: R, section: "Price differences on exchanges" },
  { question: "Do I need to place a new order for an exchange?", document: R, section: "Price differences on exchanges" },
  { question: "Which credit cards do you accept?", document: P, section: "Accepted payment methods" },
  { question: "Can I pay with cryptocurrency or cash on delivery?", document: P, section: "Accepted payment methods" },
  { question: "Can I pay for an order with a gift card?", document: P, section: "Paying with a gift card" },
  { question: "Do gift cards expire?", document: P, section: "Paying with a gift card" },
  { question: "I lost my gift card, can you help?", document: P, section: "Paying with a gift card" },
  { question: "Can I change the payment method on my order?", document: P, section: "Changing the payment method of an order" },
  { question: "When is my card charged?", document: P, section: "When you are charged" },
  { question: "Do you store my card details?", document: P, section: "Payment security" },
  { question: "Do you charge sales tax in Oregon?", document: P, section: "Sales tax" },
  { question: "How long is the warranty?", document: W, section: "What the warranty covers" },
  { question: "Do headphones have a longer warranty?", document: W, section: "What the warranty covers" },
  { question: "Does the warranty cover water damage?", document: W, section: "What is not covered" },
  { question: "Is accidental damage covered by the warranty?", document: W, section: "What is not covered" },
  { question: "How do I make a warranty claim?", document: W, section: "How to make a warranty claim" },
  { question: "What happens if my warranty claim is approved?", document: W, section: "Repair, replacement or refund" },
  { question: "Can I buy an extended protection plan?", document: W, section: "Extended protection" },
  { question: "Can I cancel my order?", document: F, section: "Can I cancel my order?" },
  { question: "What reasons are accepted to cancel an order?", document: F, section: "Can I cancel my order?" },
  { question: "Can I change the color of an item in my pending order?", document: F, section: "Can I change the items in my order?" },
  { question: "How do I update my default address?", document: F, section: "How do I update my default address?" },
  { question: "Why do you need to verify my identity?", document: F, section: "Why do you ask me to verify my identity?" },
  { question: "Can you help with my husband's order?", document: F, section: "Can you help with someone else's order?" },
  { question: "Do you price match?", document: F, section: "Do you price match?" },
  { question: "What are your support hours?", document: F, section: "How do I talk to a person?" },
  { question: "Do you have a physical store I can visit?", document: F, section: "Do you have physical stores?" },
  { question: "What payment methods can a user profile have?", document: A, section: "Domain basic > User" },
  { question: "What statuses can an order have?", document: A, section: "Domain basic > Order" },
  { question: "How many times can the exchange or modify order tools be called?", document: A, section: "Generic action rules" },
];

/** Questions the help centre does not answer: the agent must say it does not know. */
export const unanswerableQuestions = [
  "What is the weather in Paris tomorrow?",
  "Who won the football match last night?",
  "Can you recommend a good pizza recipe?",
  "What is the capital of Australia?",
  "Do you sell live animals or pets?",
  "How do I reset my router?",
];
