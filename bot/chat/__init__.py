"""The chatbot behind the LINE handlers, channel-neutral: the conversation
(answers, the subscription dialogue, welcome and goodbye), the users it
knows, the webhook events it has taken and the conversation log."""
