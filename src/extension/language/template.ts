/** The starting text of "New Few-shot Prompt": an instruction and two annotated examples to edit. */
export const NEW_PROMPT_TEMPLATE = `Below, each math question comes with an original solution written as numbered steps, and one of the steps may be wrong. Name the first wrong step, explain what went wrong in it, and then write the corrected solution from that step to the final answer.

Question: A library has 4 shelves with 30 books on each. It lends out 45 books. How many books are still on the shelves?
Original Solution:
{
Step 1: The shelves hold 4 + 30 = 34 books.
Step 2: After lending, 34 - 45 = -11 books are left.
Step 3: The answer is -11.
}
Incorrect Step: Step 1.
Explanation: Four shelves of 30 books each is a multiplication, 4 times 30, not a sum. Adding the numbers gives a total that is far too small, and the next step inherits it.
Correct Solution:
{
Step 1: The shelves hold 4 * 30 = 120 books.
Step 2: After lending, 120 - 45 = 75 books are left.
Step 3: The answer is 75.
}

Question: Priya earns $15 an hour and works 6 hours a day for 5 days. She spends a third of what she earns. How much does she keep?
Original Solution:
{
Step 1: In one day she earns 15 * 6 = $90.
Step 2: In 5 days she earns 90 * 5 = $450.
Step 3: She spends 450 / 3 = $150.
Step 4: She keeps $150.
Step 5: The answer is 150.
}
Incorrect Step: Step 4.
Explanation: The amount she spends is not the amount she keeps. What she keeps is her earnings minus what she spends, so the step answers the wrong question.
Correct Solution:
{
...
Step 4: She keeps 450 - 150 = $300.
Step 5: The answer is 300.
}
`;
