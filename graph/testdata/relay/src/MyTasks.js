// The viewer's to-do list (@connection on a root field) and a mutation that adds a task and
// appends it to the list (@appendNode, Relay's declarative updater).
import { graphql } from 'react-relay';

export const myTasksFragment = graphql`
  fragment MyTasks_query on Query
  @refetchable(queryName: "MyTasksPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 20 }
    cursor: { type: "Cursor" }
  ) {
    myTasks(first: $count, after: $cursor) @connection(key: "MyTasks_myTasks") {
      __id
      edges {
        node {
          id
          title
          dueDate
          status
        }
      }
    }
  }
`;

export const createTaskMutation = graphql`
  mutation MyTasksCreateTaskMutation($input: CreateTaskInput!, $connections: [ID!]!) {
    createTask(input: $input) @appendNode(connections: $connections, edgeTypeName: "TaskEdge") {
      id
      title
      dueDate
      status
    }
  }
`;
