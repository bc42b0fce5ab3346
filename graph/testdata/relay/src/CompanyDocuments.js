// A company's documents, page by page (@connection, usePaginationFragment), refetched through
// node(id:) (@refetchable), with the viewer's own to-do list beside it.
import { graphql } from 'react-relay';

export const companyDocumentsFragment = graphql`
  fragment CompanyDocuments_company on Company
  @refetchable(queryName: "CompanyDocumentsPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 20 }
    cursor: { type: "Cursor" }
  ) {
    id
    name
    documents(first: $count, after: $cursor) @connection(key: "CompanyDocuments_documents") {
      totalCount
      edges {
        node {
          id
          code
          title
          kind
        }
      }
    }
  }
`;

export const companyPageQuery = graphql`
  query CompanyDocumentsPageQuery($companyID: ID!) {
    node(id: $companyID) {
      ...CompanyDocuments_company @alias
    }
    viewer {
      id
      name
    }
  }
`;
