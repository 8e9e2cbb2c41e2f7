import AgentSimCore
import Testing

/// The request texts of LiveKit's StreamAdapter (blingfire sentences, those under 20 characters merged into the next).
/// Each expectation follows the rule documented on `SpeechText.streamAdapterRequests`; each was also checked against
/// livekit-agents 1.8.9's `blingfire.SentenceTokenizer(retain_format=True).stream()` fed word by word.
struct StreamAdapterTextTests {
    @Test func aShortFirstSentenceMergesIntoTheNext() {
        // "Sure." is 5 characters, under 20: it joins "I can help with that." into one request of 27.
        #expect(SpeechText.streamAdapterRequests("Sure. I can help with that.") == ["Sure. I can help with that."])
        // "Thanks, I found it." is 19 characters, one short of 20.
        #expect(
            SpeechText.streamAdapterRequests("Thanks, I found it. Which date would you like instead?")
                == ["Thanks, I found it. Which date would you like instead?"])
    }

    @Test func sentencesOfTwentyCharactersOrMoreAreRequestsOfTheirOwn() {
        // 29, 34 and 37 characters: three requests.
        #expect(
            SpeechText.streamAdapterRequests(
                "Thanks, I found your booking. Which date would you like instead? I can also compare the fares for you."
            )
                == [
                    "Thanks, I found your booking.", "Which date would you like instead?",
                    "I can also compare the fares for you.",
                ])
        // The last sentence is a request whatever its length: what follows the last kept sentence (10 characters).
        #expect(
            SpeechText.streamAdapterRequests("Hello there, how are you today? I am fine.") == [
                "Hello there, how are you today?", "I am fine.",
            ])
        // "Wait... what?" (13) merges into "Really?!" (22 together); "Yes." is the rest.
        #expect(SpeechText.streamAdapterRequests("Wait... what? Really?! Yes.") == ["Wait... what? Really?!", "Yes."])
    }

    @Test func aSentenceEndsOnlyBeforeACapitalLetter() {
        // "dollars. that" and "Hi! 42" do not end a sentence; "cheap. OK" does.
        #expect(
            SpeechText.streamAdapterRequests("The price is 3.50 dollars. that is cheap. OK!") == [
                "The price is 3.50 dollars. that is cheap.", "OK!",
            ])
        #expect(
            SpeechText.streamAdapterRequests("Hi! 42 is the answer to everything.") == [
                "Hi! 42 is the answer to everything."
            ])
        // A closing quote stays with its sentence; an opening one starts the next.
        #expect(
            SpeechText.streamAdapterRequests("He said \"Stop, please.\" \"Then he left the building.\"")
                == ["He said \"Stop, please.\"", "\"Then he left the building.\""])
        // A single capital ("A.") and Mr. keep the next word; "here." before "Mr" ends a sentence of 20 characters.
        #expect(
            SpeechText.streamAdapterRequests("A. Lincoln was here. Mr. Smith came along as well.")
                == ["A. Lincoln was here.", "Mr. Smith came along as well."])
    }

    @Test func lineBreaksCountAsOneSpaceForTheMinimumAndAreKept() {
        // "Line one." + "\n" + "Line two." : 9 + 1 + 9 = 19 with the line break as one space, under 20: merged,
        // the line break kept in the request; the rest follows.
        #expect(
            SpeechText.streamAdapterRequests("Line one.\n\nLine two. Then a third line follows here.")
                == ["Line one.\n\nLine two. Then a third line follows here."])
        #expect(SpeechText.streamAdapterRequests("  \n ").isEmpty)
        #expect(SpeechText.streamAdapterRequests("") == [])
    }

    @Test func fullWidthStopsEndSentencesWithoutSpaces() {
        // "你好，今天天气很好，我们去公园散步吧。" is 19 code points: it merges into the next; "好的。" is the rest.
        #expect(
            SpeechText.streamAdapterRequests("你好，今天天气很好，我们去公园散步吧。然后我们去吃饭，好不好？好的。")
                == ["你好，今天天气很好，我们去公园散步吧。然后我们去吃饭，好不好？", "好的。"])
    }
}
