// Customer scripts over the demo journeys; every round runs them all against a fresh copy of the store.
export const benchScripts: string[][] = [
  ["I want to return the keyboard from order #W2378156", "yusuf.rossi7301@example.com", "to the original payment method", "yes"],
  ["Where is my order #W6679257?", "my email is yusuf.rossi7301@example.com"],
  ["I need to verify my account", "Yusuf Rossi, zip 19122"],
  ["Please cancel order #W6426438, I ordered it by mistake", "ethan.lopez8943@example.com", "yes please"],
  ["cancel my order #W4776164 because I no longer need it", "yusuf.rossi7301@example.com", "no, wait"],
  ["I need to change the shipping address of order #W6247578", "yusuf.rossi7301@example.com", "100 Congress Avenue", "Suite 200", "Austin", "TX", "78701", "yes"],
  ["change the payment method on order #W9409203", "ethan.lopez8943@example.com", "gift card"],
  ["I want to pay for order #W8073920 with a different payment method", "ethan.lopez8943@example.com", "my mastercard", "yes"],
  ["I'd like to change the options of the dumbbell set in my pending order #W6779827", "ethan.lopez8943@example.com", "the 55-75 lbs iron fixed one", "credit card", "yes"],
  ["I want to exchange the dumbbell set from order #W8632528", "ethan.lopez8943@example.com", "urethane, adjustable, 30-50 lbs", "put the difference on my credit card", "yes"],
  ["I moved, please change the default address on my account", "Yusuf Rossi, zip 19122", "12 Elm Street", "none", "Boston", "MA", "02108", "yes"],
  ["what's the status of order #W6779827", "yusuf.rossi7301@example.com"],
  ["blue elephants dance", "Where is my order #W2378156?", "I want to talk to a human"],
];
